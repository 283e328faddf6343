// The embedded default: one SQLite file holds the readings and everything else.
import type { ReadingsStore } from "./readings-store.js";
import type { SiteStore } from "./site-store.js";
import { openSqliteDatabase } from "./sqlite-db.js";
import { SqliteReadingsStore } from "./sqlite-readings-store.js";
import { createSqliteSiteStore } from "./sqlite-site-store.js";

export interface SqliteStores {
  readings: ReadingsStore;
  site: SiteStore;
  /** Commits readings still waiting for their group commit, then closes the file. Safe to call twice. */
  close(): void;
}

export function openSqliteStores(path: string): SqliteStores {
  const db = openSqliteDatabase(path);
  let partsOpen = 2;
  // The file closes when both parts have been closed, or at once through the bundle's close().
  const closePart = () => {
    partsOpen -= 1;
    if (partsOpen === 0) close();
  };
  const readings = new SqliteReadingsStore(db, closePart);
  const site = createSqliteSiteStore(db, closePart);
  function close(): void {
    if (!db.open) return;
    readings.flush();
    db.close();
  }
  return { readings, site, close };
}
