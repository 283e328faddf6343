// The embedded default: one SQLite file holds the readings and everything else, and one StoreHealth
// says whether that file takes writes now (store-health.ts).
import { HoldingReadingsStore } from "./holding-readings-store.js";
import type { ReadingsStore } from "./readings-store.js";
import type { SiteStore } from "./site-store.js";
import { openSqliteDatabase } from "./sqlite-db.js";
import { SqliteRawRetention } from "./sqlite-raw-retention.js";
import { SqliteReadingsStore } from "./sqlite-readings-store.js";
import { createSqliteSiteStore } from "./sqlite-site-store.js";
import { StoreHealth } from "./store-health.js";
import { checkpointOffTheLoop, type WalCheckpointer } from "./wal-checkpointer.js";

export interface SqliteStores {
  /** readings the file cannot take now wait in memory (bounded) and are written when it can */
  readings: ReadingsStore;
  site: SiteStore;
  health: StoreHealth;
  /** deletes old raw readings no record needs (readings.keepRawReadingsDays) */
  retention: SqliteRawRetention;
  /** the write-ahead log's checkpoints, on a thread of their own */
  checkpoints: WalCheckpointer;
  /** readings waiting for the file now */
  waitingReadings(): number;
  /** For a closing gateway: readings waiting for the file are tried once more, then refused (unacked). */
  stopHolding(): void;
  /** Commits readings still waiting for their group commit, then closes the file. Safe to call twice. */
  close(): void;
}

export function openSqliteStores(path: string): SqliteStores {
  const db = openSqliteDatabase(path);
  const checkpoints = checkpointOffTheLoop(db, path);
  const health = new StoreHealth();
  let partsOpen = 2;
  // The file closes when both parts have been closed, or at once through the bundle's close().
  const closePart = () => {
    partsOpen -= 1;
    if (partsOpen === 0) close();
  };
  const file = new SqliteReadingsStore(db, closePart);
  const readings = new HoldingReadingsStore(file, health);
  const site = createSqliteSiteStore(db, closePart, health);
  function close(): void {
    if (!db.open) return;
    readings.stopHolding();
    file.flush();
    file.syncAndLetGo();
    checkpoints.stop();
    db.close();
  }
  return {
    readings,
    site,
    health,
    retention: new SqliteRawRetention(db),
    checkpoints,
    waitingReadings: () => readings.waiting,
    stopHolding: () => readings.stopHolding(),
    close,
  };
}
