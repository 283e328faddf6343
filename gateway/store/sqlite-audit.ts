// The append-only audit trail on SQLite, chained by hash (audit-chain.ts).
import type Database from "better-sqlite3";
import { auditHash, type ChainedEntry, GENESIS_HASH, verifyChain } from "./audit-chain.js";
import type { AuditEntry } from "./records.js";
import type { SiteStore } from "./site-store.js";

interface AuditRow {
  seq: number;
  at_ms: number;
  actor: string;
  action: string;
  subject: string;
  details: string;
  prev_hash: string;
  hash: string;
}

const COLUMNS = "seq, at_ms, actor, action, subject, details, prev_hash, hash";

/** The stored details, or undefined when someone wrote something that is not a JSON object there. */
function parseDetails(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function toChained(row: AuditRow): ChainedEntry {
  const details = parseDetails(row.details);
  return {
    seq: row.seq,
    atMs: row.at_ms,
    actor: row.actor,
    action: row.action,
    subject: row.subject,
    ...(details ? { details } : { details: {}, unreadable: "its details are not a JSON object" }),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** A listed entry whose details cannot be read shows the stored text, for the inspector to see. */
function toEntry(row: AuditRow): AuditEntry {
  const { unreadable, ...entry } = toChained(row);
  return unreadable ? { ...entry, details: { unreadableDetails: row.details } } : entry;
}

export function sqliteAudit(db: Database.Database): SiteStore["audit"] {
  const lastIssued = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'audit'").pluck();
  const lastHash = db.prepare("SELECT hash FROM audit ORDER BY seq DESC LIMIT 1").pluck();
  const insert = db.prepare(`INSERT INTO audit (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const all = db.prepare(`SELECT ${COLUMNS} FROM audit ORDER BY seq`);
  const newest = db.prepare(`SELECT ${COLUMNS} FROM audit ORDER BY seq DESC LIMIT ?`);
  const newestOf = db.prepare(`SELECT ${COLUMNS} FROM audit WHERE subject = ? ORDER BY seq DESC LIMIT ?`);

  // Seq and link are read and written in one transaction, so two appends can never share a parent.
  const append = db.transaction((input: Parameters<SiteStore["audit"]["append"]>[0]): AuditEntry => {
    const seq = ((lastIssued.get() as number | undefined) ?? 0) + 1;
    const prevHash = (lastHash.get() as string | undefined) ?? GENESIS_HASH;
    // Hash what will be read back: JSON turns Dates into strings and drops undefined.
    const details = JSON.parse(JSON.stringify(input.details ?? {})) as Record<string, unknown>;
    const content = {
      seq,
      atMs: input.atMs,
      actor: input.actor,
      action: input.action,
      subject: input.subject,
      details,
    };
    const hash = auditHash(prevHash, content);
    insert.run(
      seq,
      content.atMs,
      content.actor,
      content.action,
      content.subject,
      JSON.stringify(details),
      prevHash,
      hash,
    );
    return { ...content, prevHash, hash };
  });

  return {
    append: (input) => append(input),
    /** In seq order; with `limit`, the newest `limit` entries. */
    list(filter = {}) {
      const limit = filter.limit ?? -1; // SQLite: a negative LIMIT means no limit
      const rows = (
        filter.subject === undefined ? newest.all(limit) : newestOf.all(filter.subject, limit)
      ) as AuditRow[];
      return rows.reverse().map(toEntry);
    },
    verify() {
      const rows = all.iterate() as IterableIterator<AuditRow>;
      const entries = (function* () {
        for (const row of rows) yield toChained(row);
      })();
      return verifyChain(entries, (lastIssued.get() as number | undefined) ?? 0);
    },
  };
}
