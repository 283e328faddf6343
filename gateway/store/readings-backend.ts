// Where readings go, chosen by configuration: the embedded SQLite file (the default), or InfluxDB
// through its 1.x API (`influx`, InfluxQL) or its 2.x/3.x API (@influxdata/influxdb-client, Flux).
// An InfluxDB back end always sits behind the spool, so an InfluxDB outage never loses a reading.
// The gateway's config schema includes `readingsConfigSchema` under the key `readings`.
import { z } from "zod";
import type { Logger } from "../log.js";
import type { InfluxTagOptions } from "./influx-schema.js";
import { Influx1ReadingsStore } from "./influx1-readings-store.js";
import { Influx2ReadingsStore } from "./influx2-readings-store.js";
import type { ReadingsStore } from "./readings-store.js";
import type { SiteStore } from "./site-store.js";
import { SpoolingReadingsStore, type SpoolStatus } from "./spooling-readings-store.js";

const positiveInt = z.number().int().positive();

/**
 * The shortest retention of raw readings: charts up to about 20 days read raw readings
 * (docs/store.md), and a reading released from quarantine after up to a week (quarantine.ts) or sent
 * late by a device back online lands in hours still counted from raw readings.
 */
export const MIN_KEEP_RAW_READINGS_DAYS = 30;

export const readingsConfigSchema = z
  .strictObject({
    store: z.enum(["sqlite", "influx1", "influx2"]).default("sqlite"),
    /**
     * SQLite: raw readings older than this many days are deleted once a day, except those a held bag, a
     * donor's bag or a trip still needs; hourly rollups are kept for ever (docs/store.md). Absent: keep all.
     */
    keepRawReadingsDays: z.number().int().min(MIN_KEEP_RAW_READINGS_DAYS).optional(),
    influx: z
      .strictObject({
        url: z.url().default("http://127.0.0.1:8086"),
        /** 1.x: database, created when missing; user and password when auth-enabled */
        database: z.string().min(1).default("milkguard"),
        username: z.string().optional(),
        password: z.string().optional(),
        /** 2.x/3.x: organisation, bucket and API token */
        org: z.string().min(1).default("milkguard"),
        bucket: z.string().min(1).default("milkguard"),
        token: z.string().optional(),
        /** points per HTTP request */
        batchSize: positiveInt.default(5_000),
      })
      .prefault({}),
    spool: z
      .strictObject({
        /** a write slower than this goes to the spool */
        writeTimeoutMs: positiveInt.default(10_000),
        /** first wait before replaying; doubles up to maxRetryMs */
        retryMs: positiveInt.default(500),
        maxRetryMs: positiveInt.default(30_000),
      })
      .prefault({}),
  })
  .refine((c) => c.store === "sqlite" || c.keepRawReadingsDays === undefined, {
    message:
      "keepRawReadingsDays is for the SQLite store: InfluxDB keeps readings by its own retention policy",
    path: ["keepRawReadingsDays"],
  });

export type ReadingsConfig = z.infer<typeof readingsConfigSchema>;

export interface ReadingsBackend {
  readings: ReadingsStore;
  /** the spool's state for /health and /metrics; undefined for SQLite (nothing to spool) */
  spoolStatus(): SpoolStatus | undefined;
}

export async function openReadingsBackend(
  config: ReadingsConfig,
  deps: {
    sqliteReadings: ReadingsStore;
    spool: SiteStore["spool"];
    tags: InfluxTagOptions;
    log: Pick<Logger, "error">;
  },
): Promise<ReadingsBackend> {
  if (config.store === "sqlite") return { readings: deps.sqliteReadings, spoolStatus: () => undefined };
  const { influx } = config;
  const remote =
    config.store === "influx1"
      ? await Influx1ReadingsStore.open({ ...deps.tags, ...influx })
      : new Influx2ReadingsStore({ ...deps.tags, ...influx });
  const spooling = new SpoolingReadingsStore(remote, deps.spool, {
    ...config.spool,
    batchSize: influx.batchSize,
    log: deps.log,
  });
  return { readings: spooling, spoolStatus: () => spooling.status() };
}
