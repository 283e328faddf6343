// Bags' thaw checkpoints in the SQLite file (tables thaw_checkpoints and thaw_stays, migration 6).
// A reading stored late in a unit drops, in the same transaction, the checkpoints after it of every
// bag that was in that unit at its time (by the stays the checkpoints were made with); a replay
// running meanwhile is told, so it saves nothing made without that reading.
import type Database from "better-sqlite3";
import type { Stay } from "../reports/stays.js";
import type { ReplayWatch, ThawCheckpoint, ThawCheckpoints } from "./thaw-checkpoints.js";

interface Row {
  at_ms: number;
  milk_c: number;
  ice: number;
  last_ms: number;
  air_c: number;
}

interface Watch extends ReplayWatch {
  units: Set<string>;
  spoiled: boolean;
}

const toCheckpoint = (r: Row): ThawCheckpoint => ({
  atMs: r.at_ms,
  milkTempC: r.milk_c,
  iceFraction: r.ice,
  lastMs: r.last_ms,
  airC: r.air_c,
});

/** The first time at which two lists of stays tell a different story, or undefined when they agree. */
function divergence(saved: Stay[], now: Stay[]): number | undefined {
  for (let i = 0; i < Math.max(saved.length, now.length); i++) {
    const a = saved[i];
    const b = now[i];
    if (!a || !b) return (a ?? b)?.fromMs;
    if (a.unitId !== b.unitId || a.fromMs !== b.fromMs) return Math.min(a.fromMs, b.fromMs);
    if (a.toMs !== b.toMs)
      return Math.min(a.toMs ?? Number.POSITIVE_INFINITY, b.toMs ?? Number.POSITIVE_INFINITY);
  }
  return undefined;
}

export class SqliteThawCheckpoints implements ThawCheckpoints {
  private readonly watches = new Set<Watch>();
  /** units some bag's checkpoints depend on: a reading elsewhere drops none (no look-up per commit) */
  private readonly unitsWithStays: Set<string>;
  private readonly selectNearest: Database.Statement;
  private readonly insert: Database.Statement;
  private readonly selectStays: Database.Statement;
  private readonly dropAfter: Database.Statement;
  private readonly dropLate: Database.Statement;
  private readonly saveAll: (batchId: string, checkpoints: ThawCheckpoint[]) => void;
  private readonly replaceStays: (batchId: string, stays: Stay[], changedAtMs: number) => void;

  constructor(db: Database.Database) {
    this.selectNearest = db.prepare(
      "SELECT * FROM thaw_checkpoints WHERE batch_id = ? AND at_ms <= ? ORDER BY at_ms DESC LIMIT 1",
    );
    this.insert = db.prepare(
      `INSERT OR REPLACE INTO thaw_checkpoints (batch_id, at_ms, milk_c, ice, last_ms, air_c)
       VALUES (@batchId, @atMs, @milkTempC, @iceFraction, @lastMs, @airC)`,
    );
    this.selectStays = db.prepare(
      "SELECT unit_id AS unitId, from_ms AS fromMs, to_ms AS toMs FROM thaw_stays WHERE batch_id = ? ORDER BY from_ms",
    );
    this.dropAfter = db.prepare("DELETE FROM thaw_checkpoints WHERE batch_id = ? AND at_ms > ?");
    this.dropLate = db.prepare(
      `DELETE FROM thaw_checkpoints WHERE at_ms > @timeMs AND batch_id IN (SELECT batch_id FROM thaw_stays
         WHERE unit_id = @unitId AND from_ms <= @timeMs AND (to_ms IS NULL OR to_ms > @timeMs))`,
    );
    this.unitsWithStays = new Set(
      db.prepare("SELECT DISTINCT unit_id FROM thaw_stays").pluck().all() as string[],
    );
    const deleteStays = db.prepare("DELETE FROM thaw_stays WHERE batch_id = ?");
    const insertStay = db.prepare(
      "INSERT INTO thaw_stays (batch_id, unit_id, from_ms, to_ms) VALUES (?, ?, ?, ?)",
    );
    this.saveAll = db.transaction((batchId: string, checkpoints: ThawCheckpoint[]) => {
      for (const c of checkpoints) this.insert.run({ batchId, ...c });
    });
    this.replaceStays = db.transaction((batchId: string, stays: Stay[], changedAtMs: number) => {
      this.dropAfter.run(batchId, changedAtMs);
      deleteStays.run(batchId);
      for (const s of stays) insertStay.run(batchId, s.unitId, s.fromMs, s.toMs);
    });
  }

  nearest(batchId: string, atMs: number): ThawCheckpoint | undefined {
    const row = this.selectNearest.get(batchId, atMs) as Row | undefined;
    return row ? toCheckpoint(row) : undefined;
  }

  save(batchId: string, checkpoints: ThawCheckpoint[]): void {
    if (checkpoints.length > 0) this.saveAll(batchId, checkpoints);
  }

  useStays(batchId: string, stays: Stay[]): void {
    const changedAtMs = divergence(this.selectStays.all(batchId) as Stay[], stays);
    // a checkpoint at the change itself was made before it: it stands
    if (changedAtMs === undefined) return;
    this.replaceStays(batchId, stays, changedAtMs);
    for (const s of stays) this.unitsWithStays.add(s.unitId);
  }

  watch(unitIds: string[]): ReplayWatch {
    const watch: Watch = {
      units: new Set(unitIds),
      positionMs: Number.NEGATIVE_INFINITY,
      spoiled: false,
      close: () => this.watches.delete(watch),
    };
    this.watches.add(watch);
    return watch;
  }

  /** Readings of `unitId` from `earliestMs` on were just stored; inside their transaction. */
  readingsStored(unitId: string, earliestMs: number): void {
    if (this.unitsWithStays.has(unitId)) this.dropLate.run({ unitId, timeMs: earliestMs });
    for (const w of this.watches) {
      if (w.units.has(unitId) && earliestMs < w.positionMs) w.spoiled = true;
    }
  }
}
