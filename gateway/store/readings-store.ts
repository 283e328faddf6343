// The readings-store contract: every back end (SQLite, InfluxDB 1.x, InfluxDB 2.x) implements it and
// passes the same suite, test/contract/readings-store.contract.ts.
import type { Reading } from "../../shared/api/records.js";
import type { AboveLimits, Figures } from "./rollup-figures.js";
import type { ThawCheckpoints } from "./thaw-checkpoints.js";

/** A reading as the API shows it is a reading as stored: (deviceId, seq) identifies it, writing it twice keeps one. */
export type StoredReading = Reading;

/** One downsampled bucket: min and max are kept so that a chart never hides a peak. */
export interface ReadingBucket {
  startMs: number;
  /** readings in the bucket, probe faults (null tempC) included */
  count: number;
  /** min, max and mean of the non-null temperatures only; null when every reading was a fault */
  minC: number | null;
  maxC: number | null;
  meanC: number | null;
}

export interface RangeQuery {
  unitId: string;
  fromMs: number;
  /** exclusive */
  toMs: number;
}

export interface ReadingsStore {
  /** Resolves once every reading is durable; idempotent for a repeated (deviceId, seq). */
  write(readings: StoredReading[]): Promise<void>;
  /** Raw readings of a unit in event-time order. */
  range(query: RangeQuery): Promise<StoredReading[]>;
  /** Buckets of `bucketMs` aligned to multiples of bucketMs since the epoch; empty buckets omitted. */
  buckets(query: RangeQuery & { bucketMs: number }): Promise<ReadingBucket[]>;
  /** The reading with the latest event time of a unit. */
  latest(unitId: string): Promise<StoredReading | undefined>;
  close(): Promise<void>;
  /** the embedded store's hourly and daily rollups, for long reports; InfluxDB back ends have none */
  readonly rollups?: Rollups;
  /** the embedded store's bag thaw checkpoints (reports/thaw-replay.ts); InfluxDB back ends have none */
  readonly thawCheckpoints?: ThawCheckpoints;
}

export interface Rollups {
  /**
   * A unit's readings in [fromMs, toMs) as hour-long stretches in time order (rollup-figures.ts):
   * whole hours from the rollups, the ragged ends from raw readings; the time above counted for
   * `limits` (null: left out).
   */
  stretches(
    unitId: string,
    span: { fromMs: number; toMs: number },
    limits: AboveLimits | null,
    /** UTC days the caller keeps whole (a site day that is a UTC day): each may come as one stretch */
    wholeDay?: (dayMs: number) => boolean,
  ): Promise<Figures[]>;
}
