// SiteStore on SQLite: users, sessions, units, devices, batches, trips, alerts, rule state, the
// audit trail, the spool and the quarantine, all in the one database file the readings live in. Every write goes
// through the file's StoreHealth: refused at once while the file is failing (locked by another
// process, disk full) and its next try is not due, so no caller busy-waits on the lock again.
import type Database from "better-sqlite3";
import type { GatewaySecrets, NoticeStore } from "./notices.js";
import type { Quarantine } from "./quarantine.js";
import type { Alert, Batch, BatchMove, Device, Trip, Unit, User } from "./records.js";
import type { SiteStore } from "./site-store.js";
import { sqliteAudit } from "./sqlite-audit.js";
import { withoutFsync } from "./sqlite-db.js";
import { sqliteNotices, sqliteSecrets } from "./sqlite-notices.js";
import { sqliteQuarantine } from "./sqlite-quarantine.js";
import { equals, oneOf, RecordTable } from "./sqlite-record-table.js";
import { sqliteSpool } from "./sqlite-spool.js";
import { StoreHealth } from "./store-health.js";

type Write = StoreHealth["write"];

function sessions(db: Database.Database, users: RecordTable<User>, write: Write): SiteStore["sessions"] {
  const insert = db.prepare(
    "INSERT OR REPLACE INTO sessions (token_hash, user_id, expires_at_ms) VALUES (?, ?, ?)",
  );
  const find = db.prepare("SELECT user_id FROM sessions WHERE token_hash = ? AND expires_at_ms > ?").pluck();
  const remove = db.prepare("DELETE FROM sessions WHERE token_hash = ?");
  const removeAll = db.prepare("DELETE FROM sessions WHERE user_id = ?");
  return {
    create: (userId, tokenHash, expiresAtMs) => {
      write(() => insert.run(tokenHash, userId, expiresAtMs));
    },
    userFor: (tokenHash, nowMs) => {
      const userId = find.get(tokenHash, nowMs) as string | undefined;
      return userId === undefined ? undefined : users.get(userId);
    },
    revoke: (tokenHash) => {
      write(() => remove.run(tokenHash));
    },
    revokeAll: (userId) => {
      write(() => removeAll.run(userId));
    },
  };
}

function batches(db: Database.Database, write: Write): SiteStore["batches"] {
  const table = new RecordTable<Batch>(db, "batches", [
    { name: "unit_id", of: (b) => b.unitId },
    { name: "donor_id", of: (b) => b.donorId ?? null },
    { name: "code", of: (b) => b.code },
  ]);
  const insertMove = db.prepare("INSERT INTO batch_moves (batch_id, data) VALUES (?, ?)");
  const movesOf = db.prepare("SELECT data FROM batch_moves WHERE batch_id = ? ORDER BY id").pluck();
  return {
    put: (batch) => write(() => table.put(batch)),
    get: (id) => table.get(id),
    byCode: (code) => table.where(equals("code", code), 1)[0],
    list: (filter = {}) =>
      table.where([...equals("unit_id", filter.unitId), ...equals("donor_id", filter.donorId)]),
    recordMove: (move) => {
      write(() => insertMove.run(move.batchId, JSON.stringify(move)));
    },
    moves: (batchId) => (movesOf.all(batchId) as string[]).map((data) => JSON.parse(data) as BatchMove),
  };
}

function alerts(db: Database.Database, write: Write): SiteStore["alerts"] {
  const table = new RecordTable<Alert>(db, "alerts", [
    { name: "key", of: (a) => a.key },
    { name: "state", of: (a) => a.state },
    { name: "unit_id", of: (a) => a.unitId },
  ]);
  return {
    put: (alert) => write(() => table.put(alert)),
    get: (id) => table.get(id),
    byKey: (key) => table.where(equals("key", key), 1)[0],
    list: (filter = {}) =>
      table.where([...oneOf("state", filter.state), ...equals("unit_id", filter.unitId)]),
  };
}

function ruleState(db: Database.Database, write: Write): SiteStore["ruleState"] {
  const select = db.prepare("SELECT data FROM rule_state WHERE unit_id = ?").pluck();
  // An update in place: REPLACE deleted the row and its key and wrote both anew at the table's end
  // (bench store: 14,800-17,200 saves/s so, 20,500-21,500 in place), and in a reconnect storm every
  // unit is saved every few seconds.
  const upsert = db.prepare(
    "INSERT INTO rule_state (unit_id, data) VALUES (?, ?) ON CONFLICT (unit_id) DO UPDATE SET data = excluded.data",
  );
  return {
    get: (unitId) => {
      const data = select.get(unitId) as string | undefined;
      return data === undefined ? undefined : (JSON.parse(data) as unknown);
    },
    put: (unitId, state) => {
      write(() => upsert.run(unitId, JSON.stringify(state)));
    },
  };
}

/** The site records on an open database; closing the database is its owner's job (open-store.ts). */
export function createSqliteSiteStore(
  db: Database.Database,
  onClose: () => void = () => {},
  health = new StoreHealth(),
): SiteStore {
  const write: Write = (work) => health.write(work);
  const users = new RecordTable<User>(db, "users", [{ name: "name", of: (u) => u.name }]);
  const units = new RecordTable<Unit>(db, "units", []);
  const devices = new RecordTable<Device>(db, "devices", [{ name: "unit_id", of: (d) => d.unitId }]);
  const trips = new RecordTable<Trip>(db, "trips", [
    { name: "courier_id", of: (t) => t.courierId },
    { name: "open", of: (t) => (t.endedAtMs === undefined ? 1 : 0) },
  ]);
  let closed = false;
  // what afterCommit was given inside the transaction under way, in order
  const tellAfterCommit: (() => void)[] = [];
  const inTransaction = <T>(work: () => T): T => {
    const outermost = !db.inTransaction;
    const before = tellAfterCommit.length;
    let result: T;
    try {
      result = write(() => db.transaction(work)());
    } catch (err) {
      tellAfterCommit.length = before; // rolled back: nothing of it is told
      throw err;
    }
    if (outermost) for (const tell of tellAfterCommit.splice(0)) tell();
    return result;
  };
  return {
    users: {
      put: (user) => write(() => users.put(user)),
      get: (id) => users.get(id),
      byName: (name) => users.where(equals("name", name), 1)[0],
      list: () => users.where(),
    },
    sessions: sessions(db, users, write),
    units: {
      put: (unit) => write(() => units.put(unit)),
      get: (id) => units.get(id),
      list: () => units.where(),
    },
    devices: {
      put: (device) => write(() => devices.put(device)),
      get: (id) => devices.get(id),
      list: () => devices.where(),
      byUnit: (unitId) => devices.where(equals("unit_id", unitId)),
    },
    batches: batches(db, write),
    trips: {
      put: (trip) => write(() => trips.put(trip)),
      get: (id) => trips.get(id),
      list: (filter = {}) => {
        const open = filter.open === undefined ? undefined : filter.open ? 1 : 0;
        return trips.where([...equals("courier_id", filter.courierId), ...equals("open", open)]);
      },
    },
    alerts: alerts(db, write),
    ruleState: ruleState(db, write),
    audit: guardedAudit(sqliteAudit(db), write),
    spool: guardedSpool(sqliteSpool(db), write),
    quarantine: guardedQuarantine(sqliteQuarantine(db), write),
    notices: guardedNotices(sqliteNotices(db), write),
    secrets: guardedSecrets(sqliteSecrets(db), write),
    transaction: inTransaction,
    transactionWithoutFsync: (work) => withoutFsync(db, () => inTransaction(work)),
    afterCommit: (tell) => {
      if (db.inTransaction) tellAfterCommit.push(tell);
      else tell();
    },
    close: () => {
      if (closed) return;
      closed = true;
      onClose();
    },
  };
}

function guardedAudit(audit: SiteStore["audit"], write: Write): SiteStore["audit"] {
  return { ...audit, append: (entry) => write(() => audit.append(entry)) };
}

function guardedSpool(spool: SiteStore["spool"], write: Write): SiteStore["spool"] {
  return {
    ...spool,
    push: (readingsJson) => write(() => spool.push(readingsJson)),
    drop: (upToId) => write(() => spool.drop(upToId)),
  };
}

function guardedQuarantine(quarantine: Quarantine, write: Write): Quarantine {
  return {
    ...quarantine,
    add: (readings) => write(() => quarantine.add(readings)),
    remove: (ids) => write(() => quarantine.remove(ids)),
  };
}

function guardedNotices(notices: NoticeStore, write: Write): NoticeStore {
  return {
    add: (notice) => write(() => notices.add(notice)),
    retryAt: (id, attempts, dueAtMs) => write(() => notices.retryAt(id, attempts, dueAtMs)),
    remove: (id) => write(() => notices.remove(id)),
    pending: notices.pending,
    claimLink: (nonce, atMs) => write(() => notices.claimLink(nonce, atMs)),
  };
}

function guardedSecrets(secrets: GatewaySecrets, write: Write): GatewaySecrets {
  return { get: (name, make) => write(() => secrets.get(name, make)) };
}
