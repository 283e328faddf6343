// The quarantine on SQLite (table from migration 3). Each add is one transaction, so the readings it
// keeps and the overflow it counts are durable together before ingest acks them.
import type Database from "better-sqlite3";
import {
  MAX_QUARANTINED_PER_DEVICE,
  MAX_RAW_CHARS,
  type NewQuarantined,
  type Quarantine,
  type QuarantinedReading,
} from "./quarantine.js";
import { equals, oneOf } from "./sqlite-record-table.js";

interface Row {
  id: number;
  device_id: string;
  unit_id: string;
  seq: number | null;
  raw: string;
  reason: string;
  received_at_ms: number;
  placed_at_ms: number | null;
}

const fromRow = (r: Row): QuarantinedReading => ({
  id: r.id,
  deviceId: r.device_id,
  unitId: r.unit_id,
  seq: r.seq,
  raw: r.raw,
  reason: r.reason,
  receivedAtMs: r.received_at_ms,
  placedAtMs: r.placed_at_ms,
});

export function sqliteQuarantine(
  db: Database.Database,
  limitPerDevice = MAX_QUARANTINED_PER_DEVICE,
): Quarantine {
  const insert = db.prepare(
    `INSERT OR IGNORE INTO quarantine (device_id, unit_id, seq, raw, reason, received_at_ms, placed_at_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const heldBy = db.prepare("SELECT COUNT(*) FROM quarantine WHERE device_id = ?").pluck();
  const holdsSeq = db.prepare("SELECT 1 FROM quarantine WHERE device_id = ? AND seq = ?").pluck();
  const holdsRaw = db
    .prepare("SELECT 1 FROM quarantine WHERE device_id = ? AND seq IS NULL AND raw = ?")
    .pluck();
  const countOverflow = db.prepare(
    `INSERT INTO quarantine_overflow (device_id, count, last_at_ms) VALUES (?, ?, ?)
     ON CONFLICT (device_id) DO UPDATE SET count = count + excluded.count, last_at_ms = excluded.last_at_ms`,
  );
  const byReason = db.prepare("SELECT reason, COUNT(*) AS n FROM quarantine GROUP BY reason");
  const overflowRows = db.prepare(
    "SELECT device_id AS deviceId, count, last_at_ms AS lastAtMs FROM quarantine_overflow ORDER BY device_id",
  );
  const held = (q: NewQuarantined) =>
    q.seq === null
      ? holdsRaw.get(q.deviceId, q.raw) !== undefined
      : holdsSeq.get(q.deviceId, q.seq) !== undefined;

  const add = db.transaction((readings: NewQuarantined[]) => {
    const kept: NewQuarantined[] = [];
    const room = new Map<string, number>();
    const overflow = new Map<string, { count: number; atMs: number }>();
    for (const given of readings) {
      const q = { ...given, raw: given.raw.slice(0, MAX_RAW_CHARS) };
      const left = room.get(q.deviceId) ?? limitPerDevice - (heldBy.get(q.deviceId) as number);
      if (left <= 0) {
        if (held(q)) continue;
        const counted = overflow.get(q.deviceId) ?? { count: 0, atMs: q.receivedAtMs };
        overflow.set(q.deviceId, { count: counted.count + 1, atMs: Math.max(counted.atMs, q.receivedAtMs) });
        room.set(q.deviceId, left);
        continue;
      }
      const { changes } = insert.run(
        q.deviceId,
        q.unitId,
        q.seq,
        q.raw,
        q.reason,
        q.receivedAtMs,
        q.placedAtMs,
      );
      room.set(q.deviceId, left - changes);
      if (changes > 0) kept.push(q);
    }
    let counted = 0;
    for (const [deviceId, o] of overflow) {
      countOverflow.run(deviceId, o.count, o.atMs);
      counted += o.count;
    }
    return { kept, overflow: counted };
  });

  return {
    add: (readings) => (readings.length === 0 ? { kept: [], overflow: 0 } : add(readings)),
    list: (filter = {}) => {
      const conditions = [
        ...equals("device_id", filter.deviceId),
        ...equals("unit_id", filter.unitId),
        ...equals("reason", filter.reason),
        ...oneOf("id", filter.ids),
      ];
      const where = conditions.length ? `WHERE ${conditions.map((c) => c.sql).join(" AND ")}` : "";
      const sql = `SELECT * FROM quarantine ${where} ORDER BY id${filter.limit === undefined ? "" : " LIMIT ?"}`;
      const values = conditions.flatMap((c) => c.values);
      if (filter.limit !== undefined) values.push(filter.limit);
      // prepared each time: lists are asked for by people, not per reading
      return (db.prepare(sql).all(...values) as Row[]).map(fromRow);
    },
    remove: (ids) => {
      for (let i = 0; i < ids.length; i += 500) {
        const part = ids.slice(i, i + 500);
        db.prepare(`DELETE FROM quarantine WHERE id IN (${part.map(() => "?").join(", ")})`).run(...part);
      }
    },
    heldByReason: () => {
      const out: Record<string, number> = {};
      for (const r of byReason.all() as { reason: string; n: number }[]) out[r.reason] = r.n;
      return out;
    },
    overflow: () => overflowRows.all() as ReturnType<Quarantine["overflow"]>,
  };
}
