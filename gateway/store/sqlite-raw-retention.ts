// Deletes the raw readings older than the site keeps them (readings.keepRawReadingsDays), except
// those its records still need (raw-readings-needed.ts). Works in whole hours: a needed window keeps
// the hours it touches, and every hour it deletes is marked in the hourly rollups, which are kept for
// ever and no longer change (a reading arriving later in such an hour is kept raw, not counted:
// sqlite-rollups.ts). Their sequence numbers stay in the devices' stored runs (sqlite-seq-runs.ts), so
// one resent after its reading was deleted is still a repeat. A unit's readings go a few thousand per
// transaction, with a turn of the event loop between, so ingest keeps acking while a first run deletes
// months.
import type Database from "better-sqlite3";
import { nextTurn } from "./next-turn.js";
import type { NeededWindow } from "./raw-readings-needed.js";
import { ceilTo, floorTo, HOUR_MS } from "./rollup-figures.js";

/** readings deleted per transaction at most, then the hour they end in: a few milliseconds here */
const PER_TRANSACTION = 5_000;

interface Span {
  fromMs: number;
  toMs: number;
}

/** [fromMs, toMs) less the needed spans, each widened to whole hours */
function gaps(fromMs: number, toMs: number, needed: Span[]): Span[] {
  const kept = needed
    .map((s) => ({ fromMs: floorTo(s.fromMs, HOUR_MS), toMs: ceilTo(s.toMs, HOUR_MS) }))
    .sort((a, b) => a.fromMs - b.fromMs);
  const out: Span[] = [];
  let at = fromMs;
  for (const k of kept) {
    if (k.fromMs > at) out.push({ fromMs: at, toMs: Math.min(k.fromMs, toMs) });
    at = Math.max(at, k.toMs);
    if (at >= toMs) break;
  }
  if (at < toMs) out.push({ fromMs: at, toMs });
  return out.filter((g) => g.fromMs < g.toMs);
}

export class SqliteRawRetention {
  private readonly selectUnits: Database.Statement;
  private readonly selectFirst: Database.Statement;
  private readonly selectNth: Database.Statement;
  private readonly deleteHours: (unitKey: number, unitId: string, fromMs: number, toMs: number) => number;

  constructor(db: Database.Database) {
    this.selectUnits = db.prepare("SELECT key, id FROM unit_keys");
    this.selectFirst = db
      .prepare(
        "SELECT time_ms FROM unit_readings WHERE unit = ? AND time_ms >= ? AND time_ms < ? ORDER BY time_ms LIMIT 1",
      )
      .pluck();
    this.selectNth = db
      .prepare(
        `SELECT time_ms FROM unit_readings WHERE unit = ? AND time_ms >= ? AND time_ms < ?
         ORDER BY time_ms LIMIT 1 OFFSET ${PER_TRANSACTION}`,
      )
      .pluck();
    const deleteRows = db.prepare(
      "DELETE FROM unit_readings WHERE unit = ? AND time_ms >= ? AND time_ms < ?",
    );
    const markHours = db.prepare(
      "UPDATE rollups_hourly SET raw_deleted = 1 WHERE unit_id = ? AND hour_ms >= ? AND hour_ms < ? AND raw_deleted = 0",
    );
    this.deleteHours = db.transaction((unitKey: number, unitId: string, fromMs: number, toMs: number) => {
      // the rollups first: a unit's newest hours may still wait in memory, but never hours this old
      markHours.run(unitId, fromMs, toMs);
      return deleteRows.run(unitKey, fromMs, toMs).changes;
    });
  }

  /** Deletes raw readings before `beforeMs` (floored to the hour) outside `needed`; returns how many. */
  async deleteBefore(beforeMs: number, needed: NeededWindow[]): Promise<number> {
    const endMs = floorTo(beforeMs, HOUR_MS);
    let deleted = 0;
    for (const { key, id } of this.selectUnits.all() as { key: number; id: string }[]) {
      const first = this.selectFirst.get(key, Number.MIN_SAFE_INTEGER, endMs) as number | undefined;
      if (first === undefined) continue;
      const own = needed.filter((w) => w.unitId === id);
      for (const gap of gaps(floorTo(first, HOUR_MS), endMs, own)) {
        for (let fromMs = gap.fromMs; fromMs < gap.toMs; ) {
          const nth = this.selectNth.get(key, fromMs, gap.toMs) as number | undefined;
          const toMs = nth === undefined ? gap.toMs : Math.min(gap.toMs, ceilTo(nth + 1, HOUR_MS));
          deleted += this.deleteHours(key, id, fromMs, toMs);
          fromMs = toMs;
          await nextTurn();
        }
      }
    }
    return deleted;
  }
}
