// A bag's estimated milk temperature and ice saved hourly as its thaw curve is replayed
// (reports/thaw-replay.ts), so the next curve replays from the nearest checkpoint instead of from the
// day the bag went in. Checkpoints are derived from the air readings and the bag's stays: the store
// drops those a late reading or a changed stay makes wrong.
import type { Stay } from "../reports/stays.js";

export interface ThawCheckpoint {
  /** an hour's start: the estimate after every air reading before it */
  atMs: number;
  milkTempC: number;
  iceFraction: number;
  /** the last air reading stepped through, and its air (the air the next step starts in) */
  lastMs: number;
  airC: number;
}

/** A replay in progress: a reading stored before `positionMs` in one of its units spoils what it would save. */
export interface ReplayWatch {
  positionMs: number;
  readonly spoiled: boolean;
  close(): void;
}

export interface ThawCheckpoints {
  /** the latest checkpoint at or before `atMs` */
  nearest(batchId: string, atMs: number): ThawCheckpoint | undefined;
  save(batchId: string, checkpoints: ThawCheckpoint[]): void;
  /** The stays a replay runs over; checkpoints made with other stays are dropped from where they differ. */
  useStays(batchId: string, stays: Stay[]): void;
  watch(unitIds: string[]): ReplayWatch;
}
