// Opens the embedded SQLite file with the durability MilkGuard needs, and migrates it.
import Database from "better-sqlite3";
import { migrate } from "./migrations.js";

/** How long a statement waits for another connection's lock before failing, ms. */
const BUSY_TIMEOUT_MS = 5_000;

export function openSqliteDatabase(path: string): Database.Database {
  const db = new Database(path);
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma("journal_mode = WAL");
    // A reading is acknowledged to the device only after its commit, and the device then forgets it.
    // In WAL mode NORMAL may lose the last commits on a power cut (it fsyncs only at checkpoints);
    // FULL fsyncs the WAL on every commit, and group commits keep that cost per batch, not per reading.
    db.pragma("synchronous = FULL");
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
