// A remote readings store (InfluxDB) that never loses a reading: writes go to the remote in batches;
// when it fails or is too slow, the batch goes to the embedded spool (SiteStore.spool, SQLite) and
// write() still resolves, since the readings are durable there. The spool is replayed to the remote
// in order, with backoff, and while it is not empty new writes queue behind it so order is kept.
// A batch that timed out may still land later; replaying it is harmless because the remote keeps one
// point per (device, seq) — see influx-schema.ts.
import type { Logger } from "../log.js";
import { checkReadings } from "./influx-schema.js";
import type { RangeQuery, ReadingBucket, ReadingsStore, StoredReading } from "./readings-store.js";
import type { SiteStore } from "./site-store.js";

export interface SpoolingOptions {
  /** readings per remote write, direct or replayed */
  batchSize?: number;
  /** a remote write slower than this is spooled */
  writeTimeoutMs?: number;
  /** first wait before replaying after a failure; doubles up to maxRetryMs */
  retryMs?: number;
  maxRetryMs?: number;
  log: Pick<Logger, "error">;
}

export interface SpoolStatus {
  /** readings waiting in the spool */
  spooled: number;
  /** remote writes that failed or timed out since start */
  failures: number;
  /** readings replayed from the spool since start */
  replayed: number;
  lastError?: string;
}

interface PendingWrite {
  readings: StoredReading[];
  resolve(): void;
  reject(error: Error): void;
}

const DEFAULTS = { batchSize: 5_000, writeTimeoutMs: 10_000, retryMs: 500, maxRetryMs: 30_000 };

export class SpoolingReadingsStore implements ReadingsStore {
  private readonly settings: Required<Omit<SpoolingOptions, "log">>;
  private pending: PendingWrite[] = [];
  private flushScheduled = false;
  private replaying = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryDelayMs: number;
  private closed = false;
  private failures = 0;
  private replayed = 0;
  private lastError: string | undefined;

  constructor(
    private readonly remote: ReadingsStore,
    private readonly spool: SiteStore["spool"],
    private readonly options: SpoolingOptions,
  ) {
    this.settings = { ...DEFAULTS, ...withoutUndefined(options) };
    this.retryDelayMs = this.settings.retryMs;
    // Readings spooled before a restart go out first.
    if (spool.size() > 0) this.scheduleReplay(0);
  }

  status(): SpoolStatus {
    const status: SpoolStatus = {
      spooled: this.spool.size(),
      failures: this.failures,
      replayed: this.replayed,
    };
    if (this.lastError !== undefined) status.lastError = this.lastError;
    return status;
  }

  write(readings: StoredReading[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error("readings store is closed"));
    try {
      // A reading that can never be stored is refused here, so it never blocks the spool.
      checkReadings(readings);
    } catch (err) {
      return Promise.reject(err);
    }
    if (readings.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.pending.push({ readings: [...readings], resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  /** Sends the writes of one event-loop turn as one batch, or spools them behind the readings waiting. */
  private async flush(): Promise<void> {
    this.flushScheduled = false;
    const writes = this.pending;
    this.pending = [];
    const readings = writes.flatMap((w) => w.readings);
    if (readings.length === 0) return;
    try {
      if (this.spool.size() > 0 || this.replaying) this.toSpool(readings);
      else if (!(await this.tryRemote(readings))) {
        this.toSpool(readings);
        this.scheduleReplay(this.retryDelayMs);
      }
      for (const w of writes) w.resolve();
    } catch (err) {
      // Only the spool itself failing lands here: the readings are neither remote nor local.
      for (const w of writes) w.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  private toSpool(readings: StoredReading[]): void {
    this.spool.push(readings.map((r) => JSON.stringify(r)));
  }

  /** true when the remote took every reading in time */
  private async tryRemote(readings: StoredReading[]): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("remote write timed out")), this.settings.writeTimeoutMs);
    });
    try {
      for (let i = 0; i < readings.length; i += this.settings.batchSize) {
        await Promise.race([this.remote.write(readings.slice(i, i + this.settings.batchSize)), timeout]);
      }
      return true;
    } catch (err) {
      this.failures += 1;
      this.lastError = err instanceof Error ? err.message : String(err);
      this.options.log.error(`remote readings store failed, spooling (${this.spool.size()} waiting)`, err);
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  private scheduleReplay(delayMs: number): void {
    if (this.closed || this.retryTimer !== undefined || this.replaying) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.replay();
    }, delayMs);
  }

  /** Drains the spool oldest first; a batch leaves the spool only once the remote has it. */
  private async replay(): Promise<void> {
    this.replaying = true;
    try {
      for (;;) {
        if (this.closed) return;
        const batch = this.spool.peek(this.settings.batchSize);
        const last = batch.at(-1);
        if (!last) break;
        if (!(await this.tryRemote(this.parse(batch)))) {
          this.retryDelayMs = Math.min(this.retryDelayMs * 2, this.settings.maxRetryMs);
          return;
        }
        this.spool.drop(last.id);
        this.replayed += batch.length;
      }
      this.retryDelayMs = this.settings.retryMs;
    } catch (err) {
      // The spool itself failed (SQLite): nothing was dropped, so the next attempt starts from the same place.
      this.options.log.error("replaying the readings spool failed", err);
    } finally {
      this.replaying = false;
      if (this.spool.size() > 0) this.scheduleReplay(this.retryDelayMs);
    }
  }

  /** Entries that are not JSON can never be written; they are logged and left out, not retried forever. */
  private parse(batch: { id: number; json: string }[]): StoredReading[] {
    const readings: StoredReading[] = [];
    for (const entry of batch) {
      try {
        readings.push(JSON.parse(entry.json) as StoredReading);
      } catch (err) {
        this.options.log.error(`spool entry ${entry.id} is not JSON; left out of the replay`, err);
      }
    }
    return readings;
  }

  range(query: RangeQuery): Promise<StoredReading[]> {
    return this.remote.range(query);
  }

  buckets(query: RangeQuery & { bucketMs: number }): Promise<ReadingBucket[]> {
    return this.remote.buckets(query);
  }

  latest(unitId: string): Promise<StoredReading | undefined> {
    return this.remote.latest(unitId);
  }

  /** Stops replaying; what is still spooled stays in the embedded store for the next start. */
  async close(): Promise<void> {
    if (this.pending.length > 0) await this.flush();
    this.closed = true;
    clearTimeout(this.retryTimer);
    await this.remote.close();
  }
}

function withoutUndefined(options: SpoolingOptions): Partial<typeof DEFAULTS> {
  const { log: _log, ...numbers } = options;
  return Object.fromEntries(Object.entries(numbers).filter(([, value]) => value !== undefined));
}
