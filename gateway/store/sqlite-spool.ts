// Readings a remote store has not taken yet, kept in arrival order until they are replayed.
import type Database from "better-sqlite3";
import type { SiteStore } from "./site-store.js";

export function sqliteSpool(db: Database.Database): SiteStore["spool"] {
  const insert = db.prepare("INSERT INTO spool (json) VALUES (?)");
  const oldest = db.prepare("SELECT id, json FROM spool ORDER BY id LIMIT ?");
  const dropUpTo = db.prepare("DELETE FROM spool WHERE id <= ?");
  const count = db.prepare("SELECT COUNT(*) FROM spool").pluck();
  const pushAll = db.transaction((lines: string[]) => {
    for (const line of lines) insert.run(line);
  });
  return {
    push: (readingsJson) => pushAll(readingsJson),
    peek: (limit) => oldest.all(limit) as { id: number; json: string }[],
    drop: (upToId) => {
      dropUpTo.run(upToId);
    },
    size: () => count.get() as number,
  };
}
