// Opens the embedded SQLite file with the durability MilkGuard needs, and migrates it.
import Database from "better-sqlite3";
import { createLogger } from "../log.js";
import { migrate } from "./migrations.js";

/**
 * How long a statement waits for another connection's lock before failing, ms. better-sqlite3 waits
 * synchronously, so while the gateway runs the wait is short and a write that fails is tried again
 * later from a timer (store-health.ts): the event loop never stands still for seconds. Opening and
 * migrating, before anything else runs, may wait longer for a backup or a shell to finish.
 */
const OPENING_BUSY_TIMEOUT_MS = 5_000;
const RUNNING_BUSY_TIMEOUT_MS = 200;

/** `progress`: what a long migration says as it goes (building rollups of a big file) */
export function openSqliteDatabase(
  path: string,
  progress: (message: string) => void = createLogger("info", "store").info,
): Database.Database {
  const db = new Database(path);
  try {
    db.pragma(`busy_timeout = ${OPENING_BUSY_TIMEOUT_MS}`);
    db.pragma("journal_mode = WAL");
    // A reading is acknowledged to the device only after its commit, and the device then forgets it.
    // In WAL mode NORMAL may lose the last commits on a power cut (it fsyncs only at checkpoints);
    // FULL fsyncs the WAL on every commit, and group commits keep that cost per batch, not per reading.
    db.pragma("synchronous = FULL");
    migrate(db, undefined, progress);
    db.pragma(`busy_timeout = ${RUNNING_BUSY_TIMEOUT_MS}`);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Runs `work` (a transaction) with SQLite's fsync of its commit left out: in WAL mode NORMAL syncs
 * only at checkpoints, and a later FULL commit, or an fsync of the log (wal-sync.ts), takes this one
 * to the disk. Inside an outer transaction its commit decides.
 */
export function withoutFsync<T>(db: Database.Database, work: () => T): T {
  if (db.inTransaction) return work();
  db.pragma("synchronous = NORMAL");
  try {
    return work();
  } finally {
    db.pragma("synchronous = FULL");
  }
}
