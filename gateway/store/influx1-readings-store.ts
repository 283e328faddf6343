// ReadingsStore on InfluxDB 1.x through the `influx` client: line-protocol writes in batches, InfluxQL
// queries with bound parameters. The point layout is in influx-schema.ts.
import { FieldType, InfluxDB } from "influx";
import { checkReadings, fromRow, type InfluxTagOptions, MEASUREMENT, toPoint } from "./influx-schema.js";
import type { RangeQuery, ReadingBucket, ReadingsStore, StoredReading } from "./readings-store.js";

export interface Influx1Options extends InfluxTagOptions {
  /** e.g. http://127.0.0.1:8086 */
  url: string;
  database: string;
  username?: string;
  password?: string;
  /** points per HTTP request; InfluxDB recommends 5,000 to 10,000 */
  batchSize?: number;
}

const DEFAULT_BATCH_SIZE = 5_000;
const IN_RANGE = "unit = $unit AND time >= $fromMs AND time < $toMs";

interface RawSeries {
  columns: string[];
  values: unknown[][];
  partial?: boolean;
}
interface RawResponse {
  results: { series?: RawSeries[]; error?: string; partial?: boolean }[];
}

export class Influx1ReadingsStore implements ReadingsStore {
  private readonly influx: InfluxDB;
  private readonly batchSize: number;

  private constructor(private readonly options: Influx1Options) {
    const url = new URL(options.url);
    this.influx = new InfluxDB({
      host: url.hostname,
      port: Number(url.port || (url.protocol === "https:" ? 443 : 8086)),
      protocol: url.protocol === "https:" ? "https" : "http",
      database: options.database,
      username: options.username,
      password: options.password,
      schema: [
        {
          measurement: MEASUREMENT,
          tags: ["unit", "device", "site", "profile"],
          fields: {
            temp_c: FieldType.FLOAT,
            battery_v: FieldType.FLOAT,
            rssi_dbm: FieldType.INTEGER,
            seq: FieldType.INTEGER,
            fault: FieldType.STRING,
          },
        },
      ],
    });
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  }

  /** Connects and creates the database when missing (CREATE DATABASE is a no-op when it exists). */
  static async open(options: Influx1Options): Promise<Influx1ReadingsStore> {
    const store = new Influx1ReadingsStore(options);
    await store.influx.createDatabase(options.database);
    return store;
  }

  async write(readings: StoredReading[]): Promise<void> {
    checkReadings(readings);
    for (let i = 0; i < readings.length; i += this.batchSize) {
      const points = readings.slice(i, i + this.batchSize).map((r) => {
        const point = toPoint(r, this.options);
        return { measurement: MEASUREMENT, tags: point.tags, fields: point.fields, timestamp: point.timeMs };
      });
      await this.influx.writePoints(points, { precision: "ms" });
    }
  }

  async range(query: RangeQuery): Promise<StoredReading[]> {
    const rows = await this.select(`SELECT * FROM ${MEASUREMENT} WHERE ${IN_RANGE}`, query);
    return rows.map(([timeMs, row]) => fromRow(row, timeMs));
  }

  async buckets(query: RangeQuery & { bucketMs: number }): Promise<ReadingBucket[]> {
    if (!Number.isSafeInteger(query.bucketMs) || query.bucketMs <= 0) throw new Error("bucketMs must be > 0");
    // count(seq) counts probe faults too: every reading has a seq, only good ones a temp_c.
    const rows = await this.select(
      `SELECT min(temp_c) AS min, max(temp_c) AS max, mean(temp_c) AS mean, count(seq) AS count
       FROM ${MEASUREMENT} WHERE ${IN_RANGE} GROUP BY time(${query.bucketMs}ms) fill(none)`,
      query,
    );
    return rows.map(([startMs, row]) => ({
      startMs,
      count: Number(row.count),
      minC: (row.min as number | null) ?? null,
      maxC: (row.max as number | null) ?? null,
      meanC: (row.mean as number | null) ?? null,
    }));
  }

  async latest(unitId: string): Promise<StoredReading | undefined> {
    const rows = await this.select(
      `SELECT * FROM ${MEASUREMENT} WHERE unit = $unit ORDER BY time DESC LIMIT 1`,
      { unitId, fromMs: 0, toMs: 0 },
    );
    const first = rows[0];
    return first && fromRow(first[1], first[0]);
  }

  async close(): Promise<void> {
    // The client keeps no open connection beyond HTTP keep-alive; nothing to flush.
  }

  /** Runs one InfluxQL query with bound parameters; rows come back as [time ms, columns by name]. */
  private async select(
    influxql: string,
    { unitId, fromMs, toMs }: RangeQuery,
  ): Promise<[number, Record<string, unknown>][]> {
    // Bound times are nanoseconds for InfluxDB 1.x.
    const placeholders = { unit: unitId, fromMs: fromMs * 1e6, toMs: toMs * 1e6 };
    const response = (await this.influx.queryRaw(influxql, { precision: "ms", placeholders })) as RawResponse;
    const result = response.results[0];
    if (result?.error) throw new Error(`InfluxDB query failed: ${result.error}`);
    // A server with [http] max-row-limit cuts long answers short: a report must fail, not lose rows.
    if (result?.partial || result?.series?.some((series) => series.partial)) {
      throw new Error("InfluxDB returned a partial answer: set [http] max-row-limit = 0 on the server");
    }
    return (result?.series ?? []).flatMap((series) =>
      series.values.map((values): [number, Record<string, unknown>] => {
        const row = Object.fromEntries(series.columns.map((column, i) => [column, values[i]]));
        return [Number(row.time), row];
      }),
    );
  }
}
