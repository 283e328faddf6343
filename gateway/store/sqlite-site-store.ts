// SiteStore on SQLite: users, sessions, units, devices, batches, trips, alerts, rule state, the
// audit trail and the spool, all in the one database file the readings live in.
import type Database from "better-sqlite3";
import type { Alert, Batch, BatchMove, Device, Trip, Unit, User } from "./records.js";
import type { SiteStore } from "./site-store.js";
import { sqliteAudit } from "./sqlite-audit.js";
import { equals, oneOf, RecordTable } from "./sqlite-record-table.js";
import { sqliteSpool } from "./sqlite-spool.js";

function sessions(db: Database.Database, users: RecordTable<User>): SiteStore["sessions"] {
  const insert = db.prepare(
    "INSERT OR REPLACE INTO sessions (token_hash, user_id, expires_at_ms) VALUES (?, ?, ?)",
  );
  const find = db.prepare("SELECT user_id FROM sessions WHERE token_hash = ? AND expires_at_ms > ?").pluck();
  const remove = db.prepare("DELETE FROM sessions WHERE token_hash = ?");
  return {
    create: (userId, tokenHash, expiresAtMs) => {
      insert.run(tokenHash, userId, expiresAtMs);
    },
    userFor: (tokenHash, nowMs) => {
      const userId = find.get(tokenHash, nowMs) as string | undefined;
      return userId === undefined ? undefined : users.get(userId);
    },
    revoke: (tokenHash) => {
      remove.run(tokenHash);
    },
  };
}

function batches(db: Database.Database): SiteStore["batches"] {
  const table = new RecordTable<Batch>(db, "batches", [
    { name: "unit_id", of: (b) => b.unitId },
    { name: "donor_id", of: (b) => b.donorId ?? null },
  ]);
  const insertMove = db.prepare("INSERT INTO batch_moves (batch_id, data) VALUES (?, ?)");
  const movesOf = db.prepare("SELECT data FROM batch_moves WHERE batch_id = ? ORDER BY id").pluck();
  return {
    put: (batch) => table.put(batch),
    get: (id) => table.get(id),
    list: (filter = {}) =>
      table.where([...equals("unit_id", filter.unitId), ...equals("donor_id", filter.donorId)]),
    recordMove: (move) => {
      insertMove.run(move.batchId, JSON.stringify(move));
    },
    moves: (batchId) => (movesOf.all(batchId) as string[]).map((data) => JSON.parse(data) as BatchMove),
  };
}

function alerts(db: Database.Database): SiteStore["alerts"] {
  const table = new RecordTable<Alert>(db, "alerts", [
    { name: "key", of: (a) => a.key },
    { name: "state", of: (a) => a.state },
    { name: "unit_id", of: (a) => a.unitId },
  ]);
  return {
    put: (alert) => table.put(alert),
    get: (id) => table.get(id),
    byKey: (key) => table.where(equals("key", key), 1)[0],
    list: (filter = {}) =>
      table.where([...oneOf("state", filter.state), ...equals("unit_id", filter.unitId)]),
  };
}

function ruleState(db: Database.Database): SiteStore["ruleState"] {
  const select = db.prepare("SELECT data FROM rule_state WHERE unit_id = ?").pluck();
  const upsert = db.prepare("INSERT OR REPLACE INTO rule_state (unit_id, data) VALUES (?, ?)");
  return {
    get: (unitId) => {
      const data = select.get(unitId) as string | undefined;
      return data === undefined ? undefined : (JSON.parse(data) as unknown);
    },
    put: (unitId, state) => {
      upsert.run(unitId, JSON.stringify(state));
    },
  };
}

/** The site records on an open database; closing the database is its owner's job (open-store.ts). */
export function createSqliteSiteStore(db: Database.Database, onClose: () => void = () => {}): SiteStore {
  const users = new RecordTable<User>(db, "users", [{ name: "name", of: (u) => u.name }]);
  const units = new RecordTable<Unit>(db, "units", []);
  const devices = new RecordTable<Device>(db, "devices", [{ name: "unit_id", of: (d) => d.unitId }]);
  const trips = new RecordTable<Trip>(db, "trips", [
    { name: "courier_id", of: (t) => t.courierId },
    { name: "open", of: (t) => (t.endedAtMs === undefined ? 1 : 0) },
  ]);
  let closed = false;
  return {
    users: {
      put: (user) => users.put(user),
      get: (id) => users.get(id),
      byName: (name) => users.where(equals("name", name), 1)[0],
      list: () => users.where(),
    },
    sessions: sessions(db, users),
    units: { put: (unit) => units.put(unit), get: (id) => units.get(id), list: () => units.where() },
    devices: {
      put: (device) => devices.put(device),
      get: (id) => devices.get(id),
      list: () => devices.where(),
      byUnit: (unitId) => devices.where(equals("unit_id", unitId)),
    },
    batches: batches(db),
    trips: {
      put: (trip) => trips.put(trip),
      get: (id) => trips.get(id),
      list: (filter = {}) => {
        const open = filter.open === undefined ? undefined : filter.open ? 1 : 0;
        return trips.where([...equals("courier_id", filter.courierId), ...equals("open", open)]);
      },
    },
    alerts: alerts(db),
    ruleState: ruleState(db),
    audit: sqliteAudit(db),
    spool: sqliteSpool(db),
    transaction: (work) => db.transaction(work)(),
    close: () => {
      if (closed) return;
      closed = true;
      onClose();
    },
  };
}
