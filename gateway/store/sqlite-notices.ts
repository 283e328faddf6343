// Notices waiting to be sent, used acknowledge links and the gateway's secrets, on SQLite.
import type Database from "better-sqlite3";
import type { GatewaySecrets, PendingNotice as Kept, NoticeStore, PendingNotice } from "./notices.js";

interface Row {
  id: number;
  channel: string;
  created_at_ms: number;
  due_at_ms: number;
  attempts: number;
  message: string;
}

export function sqliteNotices(db: Database.Database): NoticeStore {
  const insert = db.prepare(
    "INSERT INTO notices (channel, created_at_ms, due_at_ms, attempts, message) VALUES (?, ?, ?, ?, ?)",
  );
  const retry = db.prepare("UPDATE notices SET attempts = ?, due_at_ms = ? WHERE id = ?");
  const remove = db.prepare("DELETE FROM notices WHERE id = ?");
  const all = db.prepare("SELECT * FROM notices ORDER BY id");
  const claim = db.prepare("INSERT OR IGNORE INTO notice_links_used (nonce, used_at_ms) VALUES (?, ?)");
  return {
    add: (n) =>
      Number(
        insert.run(n.channel, n.createdAtMs, n.dueAtMs, n.attempts, JSON.stringify(n.message))
          .lastInsertRowid,
      ),
    retryAt: (id, attempts, dueAtMs) => {
      retry.run(attempts, dueAtMs, id);
    },
    remove: (id) => {
      remove.run(id);
    },
    pending: () =>
      (all.all() as Row[]).map(
        (r): PendingNotice => ({
          id: r.id,
          channel: r.channel,
          createdAtMs: r.created_at_ms,
          dueAtMs: r.due_at_ms,
          attempts: r.attempts,
          message: JSON.parse(r.message) as Kept["message"],
        }),
      ),
    claimLink: (nonce, atMs) => claim.run(nonce, atMs).changes === 1,
  };
}

export function sqliteSecrets(db: Database.Database): GatewaySecrets {
  const select = db.prepare("SELECT value FROM gateway_secrets WHERE name = ?").pluck();
  const insert = db.prepare("INSERT OR IGNORE INTO gateway_secrets (name, value) VALUES (?, ?)");
  return {
    get(name, make) {
      const kept = select.get(name) as string | undefined;
      if (kept !== undefined) return kept;
      insert.run(name, make());
      // another gateway on the same file may have made it first: theirs is the one kept
      return select.get(name) as string;
    },
  };
}
