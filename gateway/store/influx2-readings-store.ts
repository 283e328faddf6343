// ReadingsStore on the InfluxDB 2.x / 3.x API through @influxdata/influxdb-client: line-protocol
// writes to /api/v2/write, Flux queries. Tested against a real server for writes only (victoria-metrics
// speaks /api/v2/write but not Flux); the Flux below is untested against a server: docs/influxdb.md.
import { flux, fluxDuration, InfluxDB, Point, type QueryApi } from "@influxdata/influxdb-client";
import { checkReadings, fromRow, type InfluxTagOptions, MEASUREMENT, toPoint } from "./influx-schema.js";
import type { RangeQuery, ReadingBucket, ReadingsStore, StoredReading } from "./readings-store.js";

export interface Influx2Options extends InfluxTagOptions {
  /** e.g. http://127.0.0.1:8086 */
  url: string;
  token?: string;
  org: string;
  bucket: string;
  /** points per HTTP request */
  batchSize?: number;
}

const DEFAULT_BATCH_SIZE = 5_000;

export class Influx2ReadingsStore implements ReadingsStore {
  private readonly client: InfluxDB;
  private readonly queries: QueryApi;

  constructor(private readonly options: Influx2Options) {
    this.client = new InfluxDB({ url: options.url, token: options.token });
    this.queries = this.client.getQueryApi(options.org);
  }

  async write(readings: StoredReading[]): Promise<void> {
    checkReadings(readings);
    const batchSize = this.options.batchSize ?? DEFAULT_BATCH_SIZE;
    for (let i = 0; i < readings.length; i += batchSize) {
      await this.writeBatch(readings.slice(i, i + batchSize));
    }
  }

  /**
   * One request per batch, no retries and no background flushes inside the client: a failure rejects
   * this call at once, and the spooling store decides what happens next.
   */
  private async writeBatch(readings: StoredReading[]): Promise<void> {
    const api = this.client.getWriteApi(this.options.org, this.options.bucket, "ms", {
      batchSize: readings.length + 1,
      flushInterval: 0,
      maxRetries: 0,
      writeFailed: (error) => Promise.reject(error),
    });
    api.writePoints(readings.map((r) => this.toClientPoint(r)));
    await api.close();
  }

  private toClientPoint(r: StoredReading): Point {
    const { tags, fields, timeMs } = toPoint(r, this.options);
    const point = new Point(MEASUREMENT).timestamp(timeMs).intField("seq", fields.seq);
    for (const [name, value] of Object.entries(tags)) point.tag(name, value);
    if (fields.temp_c !== undefined) point.floatField("temp_c", fields.temp_c);
    if (fields.battery_v !== undefined) point.floatField("battery_v", fields.battery_v);
    if (fields.rssi_dbm !== undefined) point.intField("rssi_dbm", fields.rssi_dbm);
    if (fields.fault !== undefined) point.stringField("fault", fields.fault);
    return point;
  }

  async range({ unitId, fromMs, toMs }: RangeQuery): Promise<StoredReading[]> {
    const rows = await this.queries.collectRows<Record<string, unknown>>(flux`
      from(bucket: ${this.options.bucket})
        |> range(start: ${new Date(fromMs)}, stop: ${new Date(toMs)})
        |> filter(fn: (r) => r._measurement == ${MEASUREMENT} and r.unit == ${unitId})
        |> pivot(rowKey: ["_time"], columnKey: ["_field"], valueColumn: "_value")
        |> group()
        |> sort(columns: ["_time"])`);
    return rows.map((row) => fromRow(row, Date.parse(String(row._time))));
  }

  async buckets({
    unitId,
    fromMs,
    toMs,
    bucketMs,
  }: RangeQuery & { bucketMs: number }): Promise<ReadingBucket[]> {
    if (!Number.isSafeInteger(bucketMs) || bucketMs <= 0) throw new Error("bucketMs must be > 0");
    // Windows start at multiples of `every` since the epoch; count(seq) counts probe faults too.
    const rows = await this.queries.collectRows<Record<string, unknown>>(flux`
      data = from(bucket: ${this.options.bucket})
        |> range(start: ${new Date(fromMs)}, stop: ${new Date(toMs)})
        |> filter(fn: (r) => r._measurement == ${MEASUREMENT} and r.unit == ${unitId})
        |> group(columns: ["_field"])
      window = (field, fn, name) => data
        |> filter(fn: (r) => r._field == field)
        |> aggregateWindow(every: ${fluxDuration(`${bucketMs}ms`)}, fn: fn, createEmpty: false, timeSrc: "_start")
        |> toFloat()
        |> set(key: "_field", value: name)
      union(tables: [
        window(field: "seq", fn: count, name: "count"),
        window(field: "temp_c", fn: min, name: "min"),
        window(field: "temp_c", fn: max, name: "max"),
        window(field: "temp_c", fn: mean, name: "mean"),
      ])
        |> group()
        |> pivot(rowKey: ["_time"], columnKey: ["_field"], valueColumn: "_value")
        |> sort(columns: ["_time"])`);
    return rows.map((row) => ({
      startMs: Date.parse(String(row._time)),
      count: Number(row.count),
      minC: typeof row.min === "number" ? row.min : null,
      maxC: typeof row.max === "number" ? row.max : null,
      meanC: typeof row.mean === "number" ? row.mean : null,
    }));
  }

  async latest(unitId: string): Promise<StoredReading | undefined> {
    const rows = await this.queries.collectRows<Record<string, unknown>>(flux`
      from(bucket: ${this.options.bucket})
        |> range(start: 0)
        |> filter(fn: (r) => r._measurement == ${MEASUREMENT} and r.unit == ${unitId})
        |> pivot(rowKey: ["_time"], columnKey: ["_field"], valueColumn: "_value")
        |> group()
        |> sort(columns: ["_time"], desc: true)
        |> limit(n: 1)`);
    const row = rows[0];
    return row && fromRow(row, Date.parse(String(row._time)));
  }

  async close(): Promise<void> {
    // Every write() has closed its own write API; no buffered point is left behind.
  }
}
