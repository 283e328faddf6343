// Numbered schema steps for the embedded SQLite file. The file's `PRAGMA user_version` says how many
// have run; opening an older file runs the rest, each in its own transaction. Never edit a step that
// has shipped: add the next one.
import { randomInt } from "node:crypto";
import type Database from "better-sqlite3";
import { BAG_CODE_COUNT, freshBagCode } from "../../shared/bags/code.js";
import { compactReadings } from "./compact-readings-build.js";
import { buildDailyRollups, buildRollups } from "./rollup-build.js";
import { runsFromSeqRows } from "./sqlite-seq-runs.js";

export interface Migration {
  version: number;
  description: string;
  sql: string;
  /** what SQL alone cannot do, run after `sql` in the same transaction; `progress` goes to the log */
  afterSql?: (db: Database.Database, progress: (message: string) => void) => void;
}

// Records keep the columns that are looked up or filtered on, plus the whole record as JSON in
// `data`, so an additive field in records.ts needs no migration.
const V1_INITIAL = `
CREATE TABLE readings (
  device_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  unit_id TEXT NOT NULL,
  time_ms INTEGER NOT NULL,
  temp_c REAL,
  fault TEXT,
  battery_v REAL,
  rssi_dbm REAL,
  PRIMARY KEY (device_id, seq)
);
CREATE INDEX readings_unit_time ON readings (unit_id, time_ms);
CREATE TABLE users (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, data TEXT NOT NULL);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  expires_at_ms INTEGER NOT NULL
);
CREATE TABLE units (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE devices (id TEXT PRIMARY KEY, unit_id TEXT NOT NULL, data TEXT NOT NULL);
CREATE TABLE batches (id TEXT PRIMARY KEY, unit_id TEXT, donor_id TEXT, data TEXT NOT NULL);
CREATE TABLE batch_moves (id INTEGER PRIMARY KEY AUTOINCREMENT, batch_id TEXT NOT NULL, data TEXT NOT NULL);
CREATE TABLE trips (id TEXT PRIMARY KEY, courier_id TEXT NOT NULL, open INTEGER NOT NULL, data TEXT NOT NULL);
CREATE TABLE alerts (
  id TEXT PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  state TEXT NOT NULL,
  unit_id TEXT NOT NULL,
  data TEXT NOT NULL
);
CREATE TABLE rule_state (unit_id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE audit (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at_ms INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  subject TEXT NOT NULL,
  details TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE TABLE spool (id INTEGER PRIMARY KEY AUTOINCREMENT, json TEXT NOT NULL);
`;

// The audit trail refuses changes inside SQLite too, so a bug in our own code cannot rewrite
// history; the hash chain is what catches someone with write access to the file.
const V2_AUDIT_GUARDS_AND_LOOKUPS = `
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE INDEX audit_subject ON audit (subject, seq);
CREATE INDEX batch_moves_batch ON batch_moves (batch_id, id);
CREATE INDEX batches_unit ON batches (unit_id);
CREATE INDEX batches_donor ON batches (donor_id);
CREATE INDEX devices_unit ON devices (unit_id);
CREATE INDEX alerts_state_unit ON alerts (state, unit_id);
CREATE INDEX trips_courier ON trips (courier_id);
CREATE INDEX sessions_user ON sessions (user_id);
`;

// Readings a device sent that the gateway refused, kept as received with why (issue 11: nothing
// refused is lost). A resend of one already held is not kept twice: by (device, seq) when it has a
// usable sequence number, by its text when it has none. Beyond the per-device limit they are only
// counted, in quarantine_overflow (gateway/store/quarantine.ts).
const V3_QUARANTINE = `
CREATE TABLE quarantine (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  device_id TEXT NOT NULL,
  unit_id TEXT NOT NULL,
  seq INTEGER,
  raw TEXT NOT NULL,
  reason TEXT NOT NULL,
  received_at_ms INTEGER NOT NULL,
  placed_at_ms INTEGER
);
CREATE UNIQUE INDEX quarantine_device_seq ON quarantine (device_id, seq) WHERE seq IS NOT NULL;
CREATE UNIQUE INDEX quarantine_device_raw ON quarantine (device_id, raw) WHERE seq IS NULL;
CREATE INDEX quarantine_device ON quarantine (device_id, id);
CREATE INDEX quarantine_reason ON quarantine (reason, device_id);
CREATE INDEX quarantine_unit ON quarantine (unit_id);
CREATE TABLE quarantine_overflow (
  device_id TEXT PRIMARY KEY,
  count INTEGER NOT NULL,
  last_at_ms INTEGER NOT NULL
);
`;

// Alert notices waiting to be sent (issue 14): the delivery queue's durable copy, so a restart loses
// none; each row is removed once sent or given up (the audit trail keeps what happened). The
// acknowledge links in notices work once: a used one's nonce is kept. The gateway's own secrets (the
// key that signs those links, Web Push keys) are made on first start and kept here.
const V4_NOTICES = `
CREATE TABLE notices (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  channel TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  due_at_ms INTEGER NOT NULL,
  attempts INTEGER NOT NULL,
  message TEXT NOT NULL
);
CREATE TABLE notice_links_used (nonce TEXT PRIMARY KEY, used_at_ms INTEGER NOT NULL);
CREATE TABLE gateway_secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

// Each bag's short code for its label (issue 16, shared/bags/code.ts), looked up when someone types
// or scans it; bags registered before codes existed get one now.
const V5_BAG_CODES = `
ALTER TABLE batches ADD COLUMN code TEXT;
CREATE UNIQUE INDEX batches_code ON batches (code);
`;

function codeEveryBag(db: Database.Database): void {
  const uncoded = db.prepare("SELECT id FROM batches WHERE code IS NULL").pluck().all() as string[];
  const taken = db.prepare("SELECT 1 FROM batches WHERE code = ?").pluck();
  const set = db.prepare("UPDATE batches SET code = ?, data = json_set(data, '$.code', ?) WHERE id = ?");
  for (const id of uncoded) {
    const code = freshBagCode(
      () => randomInt(BAG_CODE_COUNT),
      (c) => taken.get(c) !== undefined,
    );
    set.run(code, code, id);
  }
}

// Issue 17: long charts and reports read hourly rollups of each unit's readings instead of every
// reading (sqlite-rollups.ts; built here for the readings already stored), and a bag's thaw curve
// replays from the nearest hourly checkpoint of its estimate instead of from the day it went in
// (sqlite-thaw-checkpoints.ts). Both are derived from the readings and kept in step with them. The
// thaw stays are the bag's stays the checkpoints were made with: a late reading in a unit spoils the
// checkpoints after it of the bags that were there then.
const V6_ROLLUPS_AND_CHECKPOINTS = `
CREATE TABLE rollups_hourly (
  unit_id TEXT NOT NULL,
  hour_ms INTEGER NOT NULL,
  readings INTEGER NOT NULL,
  temps INTEGER NOT NULL,
  min_c REAL,
  max_c REAL,
  sum_c REAL NOT NULL,
  first_ms INTEGER NOT NULL,
  last_ms INTEGER NOT NULL,
  last_c REAL,
  warning_c REAL,
  critical_c REAL,
  interval_ms INTEGER,
  ms_above_warning INTEGER,
  ms_above_critical INTEGER,
  PRIMARY KEY (unit_id, hour_ms)
) WITHOUT ROWID;
CREATE TABLE thaw_checkpoints (
  batch_id TEXT NOT NULL,
  at_ms INTEGER NOT NULL,
  milk_c REAL NOT NULL,
  ice REAL NOT NULL,
  last_ms INTEGER NOT NULL,
  air_c REAL NOT NULL,
  PRIMARY KEY (batch_id, at_ms)
) WITHOUT ROWID;
CREATE TABLE thaw_stays (
  batch_id TEXT NOT NULL,
  unit_id TEXT NOT NULL,
  from_ms INTEGER NOT NULL,
  to_ms INTEGER,
  PRIMARY KEY (batch_id, from_ms)
);
CREATE INDEX thaw_stays_unit ON thaw_stays (unit_id, from_ms);
`;

// Issue 17: a reading in about 37 bytes instead of 112 (docs/store.md). Devices and units get small
// integer keys (sqlite-reading-keys.ts); the readings are clustered by unit and event time, the order
// every chart and report reads them in, so no second index over them is needed; a separate table of
// (device, seq) keys keeps a resent reading out. Temperatures in DS18B20 steps (reading-temp-steps.ts).
// `readings` becomes a view with the old columns, for people who query the file with sqlite3.
// An hour of rollups whose raw readings the retention deleted says so (sqlite-raw-retention.ts).
const V7_COMPACT_READINGS = `
CREATE TABLE device_keys (key INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE);
CREATE TABLE unit_keys (key INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE);
CREATE TABLE unit_readings (
  unit INTEGER NOT NULL,
  time_ms INTEGER NOT NULL,
  device INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  temp_steps REAL,
  fault TEXT,
  battery_v REAL,
  rssi_dbm REAL,
  PRIMARY KEY (unit, time_ms, device, seq)
) WITHOUT ROWID;
CREATE TABLE reading_seqs (
  device INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (device, seq)
) WITHOUT ROWID;
ALTER TABLE rollups_hourly ADD COLUMN raw_deleted INTEGER NOT NULL DEFAULT 0;
`;

const V8_DAILY_ROLLUPS = `
CREATE TABLE rollups_daily (
  unit_id TEXT NOT NULL,
  day_ms INTEGER NOT NULL,
  readings INTEGER NOT NULL,
  temps INTEGER NOT NULL,
  min_c REAL,
  max_c REAL,
  sum_c REAL NOT NULL,
  first_ms INTEGER NOT NULL,
  last_ms INTEGER NOT NULL,
  last_c REAL,
  warning_c REAL,
  critical_c REAL,
  interval_ms INTEGER,
  ms_above_warning INTEGER,
  ms_above_critical INTEGER,
  limits_agree INTEGER NOT NULL,
  PRIMARY KEY (unit_id, day_ms)
) WITHOUT ROWID;
`;

// A device's stored sequence numbers as runs of consecutive ones (sqlite-seq-runs.ts): a row per run,
// not per reading; made from reading_seqs, which then goes.
const V9_SEQ_RUNS = `
CREATE TABLE reading_seq_runs (
  device INTEGER NOT NULL,
  first_seq INTEGER NOT NULL,
  last_seq INTEGER NOT NULL,
  PRIMARY KEY (device, first_seq)
) WITHOUT ROWID;
`;

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, description: "readings and site records", sql: V1_INITIAL },
  {
    version: 2,
    description: "append-only audit triggers and lookup indexes",
    sql: V2_AUDIT_GUARDS_AND_LOOKUPS,
  },
  { version: 3, description: "quarantine of refused readings", sql: V3_QUARANTINE },
  {
    version: 4,
    description: "alert notices waiting to be sent, used links, the gateway's secrets",
    sql: V4_NOTICES,
  },
  { version: 5, description: "a short code on each bag's label", sql: V5_BAG_CODES, afterSql: codeEveryBag },
  {
    version: 6,
    description: "hourly rollups of readings, bags' thaw checkpoints",
    sql: V6_ROLLUPS_AND_CHECKPOINTS,
    afterSql: buildRollups,
  },
  {
    version: 7,
    description: "compact readings: integer keys, clustered by unit and time, temperatures in probe steps",
    sql: V7_COMPACT_READINGS,
    afterSql: compactReadings,
  },
  { version: 8, description: "daily rollups", sql: V8_DAILY_ROLLUPS, afterSql: buildDailyRollups },
  { version: 9, description: "stored sequence numbers as runs", sql: V9_SEQ_RUNS, afterSql: runsFromSeqRows },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;

export function schemaVersion(db: Database.Database): number {
  return db.pragma("user_version", { simple: true }) as number;
}

/** Brings the file up to `target` (default: the latest); refuses a file written by a newer MilkGuard. */
export function migrate(
  db: Database.Database,
  target = LATEST_SCHEMA_VERSION,
  progress: (message: string) => void = () => {},
): void {
  const current = schemaVersion(db);
  if (current > LATEST_SCHEMA_VERSION) {
    throw new Error(
      `store file has schema version ${current}, newer than this MilkGuard knows (${LATEST_SCHEMA_VERSION}); ` +
        "upgrade MilkGuard rather than open it with an older one",
    );
  }
  for (const step of MIGRATIONS) {
    if (step.version <= current || step.version > target) continue;
    db.transaction(() => {
      db.exec(step.sql);
      step.afterSql?.(db, progress);
      db.pragma(`user_version = ${step.version}`);
    })();
  }
}
