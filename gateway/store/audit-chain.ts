// The audit trail's hash chain: each entry's hash is sha256(previous hash + canonical JSON of the
// entry), so editing, removing or reordering a line breaks every link after it.
import { createHash } from "node:crypto";
import type { AuditVerification } from "./site-store.js";

export const GENESIS_HASH = "0".repeat(64);

export interface AuditContent {
  seq: number;
  atMs: number;
  actor: string;
  action: string;
  subject: string;
  details: Record<string, unknown>;
}

/** JSON with object keys sorted at every depth, so the same entry always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

export function auditHash(prevHash: string, entry: AuditContent): string {
  const { seq, atMs, actor, action, subject, details } = entry;
  const canonical = canonicalJson({ seq, atMs, actor, action, subject, details });
  return createHash("sha256").update(prevHash).update(canonical).digest("hex");
}

export interface ChainedEntry extends AuditContent {
  prevHash: string;
  hash: string;
  /** why the stored row could not be read back as written (a tampered column); the chain breaks there */
  unreadable?: string;
}

/**
 * Walks entries in seq order. `lastIssuedSeq` is the highest seq ever handed out, so removing the
 * newest entries is caught too.
 */
export function verifyChain(entries: Iterable<ChainedEntry>, lastIssuedSeq: number): AuditVerification {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  const bad = (seq: number, reason: string): AuditVerification => ({
    ok: false,
    entries: count,
    firstBadSeq: seq,
    reason,
  });
  for (const entry of entries) {
    if (entry.seq !== expectedSeq) return bad(expectedSeq, `entry ${expectedSeq} is missing`);
    if (entry.unreadable !== undefined) return bad(entry.seq, entry.unreadable);
    if (entry.prevHash !== prevHash) return bad(entry.seq, "does not link to the entry before it");
    if (auditHash(prevHash, entry) !== entry.hash) return bad(entry.seq, "content does not match its hash");
    prevHash = entry.hash;
    expectedSeq += 1;
    count += 1;
  }
  if (lastIssuedSeq >= expectedSeq) {
    return {
      ok: false,
      entries: count,
      firstBadSeq: expectedSeq,
      reason: `entries ${expectedSeq}..${lastIssuedSeq} are missing`,
    };
  }
  return { ok: true, entries: count };
}
