// Whether the SQLite file takes writes now. Another process holding the write lock (a backup, the
// sqlite3 shell) or a full disk makes writes fail for a while, and the gateway must not stop for it:
// each write path keeps what it could not write and tries again later. Until the next try is due,
// every write is refused at once without touching the file, so the busy-wait better-sqlite3 does on
// a lock (synchronous: the event loop stands still meanwhile) happens once per back-off step, not
// once per write. The first write that succeeds again ends the outage.
import { AppError } from "../errors.js";

/** SQLite result codes that say "the file cannot take writes now", not "this write is wrong". */
const UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|FULL|IOERR|READONLY|CANTOPEN|NOMEM|PROTOCOL)/;
/** The first try after a failure; each failure in a row doubles the wait, up to the most. */
const FIRST_RETRY_MS = 500;
const MOST_RETRY_MS = 4_000;

/** A write the file could not take, or refused while waiting for the next try. Nothing was written. */
export class StoreUnavailableError extends AppError {
  constructor(reason: string, options?: { cause: unknown }) {
    super("MILK_ERR_STORE_UNAVAILABLE", `the database takes no writes now: ${reason}`, 503);
    if (options) this.cause = options.cause;
  }
}

export function isStoreUnavailable(err: unknown): err is StoreUnavailableError {
  return err instanceof StoreUnavailableError;
}

export type StoreStatus =
  | { ok: true }
  | { ok: false; reason: string; sinceMs: number; failedWrites: number; nextTryInMs: number };

export interface StoreHealthWatcher {
  /** a write failed; `code` is SQLite's (SQLITE_BUSY, SQLITE_FULL, ...) */
  failed(code: string, status: StoreStatus): void;
  recovered(downMs: number, failedWrites: number): void;
}

interface Outage {
  reason: string;
  sinceMs: number;
  failedWrites: number;
  waitMs: number;
  nextTryAtMs: number;
}

export class StoreHealth {
  private outage: Outage | undefined;
  /** writes nested inside a guarded write (a record put inside a transaction) leave the report to it */
  private depth = 0;
  private readonly watchers: StoreHealthWatcher[] = [];
  /** one failed commit rejects every write that joined it with the same error: counted once */
  private readonly counted = new WeakMap<object, StoreUnavailableError>();

  constructor(private readonly now: () => number = Date.now) {}

  watch(watcher: StoreHealthWatcher): void {
    this.watchers.push(watcher);
  }

  status(): StoreStatus {
    const o = this.outage;
    if (!o) return { ok: true };
    const nextTryInMs = Math.max(0, o.nextTryAtMs - this.now());
    return { ok: false, reason: o.reason, sinceMs: o.sinceMs, failedWrites: o.failedWrites, nextTryInMs };
  }

  /** false while the store is failing and its next try is not due yet */
  mayTry(): boolean {
    return this.outage === undefined || this.now() >= this.outage.nextTryAtMs;
  }

  /** how long until a write may be tried (0 when it may now) */
  nextTryInMs(): number {
    return this.outage ? Math.max(0, this.outage.nextTryAtMs - this.now()) : 0;
  }

  /** Runs one synchronous write (or transaction): refused at once while waiting for the next try. */
  write<T>(work: () => T): T {
    if (this.depth > 0) return work();
    if (!this.mayTry()) throw new StoreUnavailableError(this.outage?.reason ?? "waiting to try again");
    this.depth += 1;
    try {
      const result = work();
      this.succeeded();
      return result;
    } catch (err) {
      throw this.failed(err);
    } finally {
      this.depth -= 1;
    }
  }

  succeeded(): void {
    const o = this.outage;
    if (!o) return;
    this.outage = undefined;
    for (const w of this.watchers) w.recovered(this.now() - o.sinceMs, o.failedWrites);
  }

  /**
   * Records a failed write and returns the error to pass on: a StoreUnavailableError when the file
   * could not take it (then the next try waits a back-off step), the error itself otherwise.
   */
  failed(err: unknown): unknown {
    if (isStoreUnavailable(err)) return err;
    const code = (err as { code?: unknown } | null)?.code;
    if (typeof code !== "string" || !UNAVAILABLE.test(code)) return err;
    const already = this.counted.get(err as object);
    if (already) return already;
    const nowMs = this.now();
    const reason = `${err instanceof Error ? err.message : String(err)} (${code})`;
    const o = this.outage ?? {
      reason,
      sinceMs: nowMs,
      failedWrites: 0,
      waitMs: FIRST_RETRY_MS / 2,
      nextTryAtMs: 0,
    };
    this.outage = o;
    o.reason = reason;
    o.failedWrites += 1;
    o.waitMs = Math.min(o.waitMs * 2, MOST_RETRY_MS);
    o.nextTryAtMs = nowMs + o.waitMs;
    const status = this.status();
    for (const w of this.watchers) w.failed(code, status);
    const passOn = new StoreUnavailableError(reason, { cause: err });
    this.counted.set(err as object, passOn);
    return passOn;
  }
}
