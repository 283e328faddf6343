// Readings the SQLite file cannot take now (another process holds the lock, the disk is full) wait
// here in memory, in arrival order, and go to the file when it takes writes again. Each write()'s
// promise, and so the device's ack, waits with its readings: a reading is never acked before it is
// stored. What waits is bounded; past the bound a write is refused at once, unacked, and the device
// keeps those readings and sends them again.
import type { RangeQuery, ReadingBucket, ReadingsStore, StoredReading } from "./readings-store.js";
import { isStoreUnavailable, type StoreHealth, StoreUnavailableError } from "./store-health.js";

/**
 * The most readings held. 20,000 is 2 minutes of 10,000 sensors reading once a minute, about 4 MiB,
 * and one commit of ~0.2 s here when the file is back (docs/store.md).
 */
const MOST_HELD = 20_000;

interface Held {
  readings: StoredReading[];
  resolve(): void;
  reject(err: unknown): void;
}

export class HoldingReadingsStore implements ReadingsStore {
  private held: Held[] = [];
  private heldCount = 0;
  private trying = false;
  private timer: NodeJS.Timeout | undefined;
  /** false once the gateway closes: nothing waits for a lock that may never free */
  private holding = true;

  readonly rollups: ReadingsStore["rollups"];
  readonly thawCheckpoints: ReadingsStore["thawCheckpoints"];

  constructor(
    private readonly file: ReadingsStore,
    private readonly health: StoreHealth,
    private readonly mostHeld = MOST_HELD,
  ) {
    this.rollups = file.rollups;
    this.thawCheckpoints = file.thawCheckpoints;
  }

  /** readings waiting for the file */
  get waiting(): number {
    return this.heldCount;
  }

  write(readings: StoredReading[]): Promise<void> {
    // Behind readings already waiting, so a device's readings are stored, and acked, in order.
    if (this.held.length > 0 || this.trying || !this.health.mayTry()) return this.hold(readings);
    return this.file.write(readings).then(
      () => this.health.succeeded(),
      (err: unknown) => {
        const passOn = this.health.failed(err);
        if (!isStoreUnavailable(passOn)) throw passOn;
        return this.hold(readings);
      },
    );
  }

  /** The gateway is closing: what waits is tried once more, and refused if the file still fails. */
  stopHolding(): void {
    this.holding = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.held.length > 0) void this.tryHeld();
  }

  private hold(readings: StoredReading[]): Promise<void> {
    if (!this.holding) return Promise.reject(new StoreUnavailableError("the gateway is closing"));
    if (this.heldCount + readings.length > this.mostHeld) {
      return Promise.reject(
        new StoreUnavailableError(`${this.heldCount} readings already wait for the file`),
      );
    }
    return new Promise((resolve, reject) => {
      this.held.push({ readings, resolve, reject });
      this.heldCount += readings.length;
      this.tryLater();
    });
  }

  private tryLater(): void {
    if (this.timer !== undefined || this.trying || !this.holding) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.health.mayTry()) void this.tryHeld();
      else this.tryLater();
    }, this.health.nextTryInMs());
  }

  /** Writes everything held in one commit (one file.write() each, so a bad one fails alone). */
  private async tryHeld(): Promise<void> {
    this.trying = true;
    const batch = this.held;
    this.held = [];
    this.heldCount = 0;
    const results = await Promise.allSettled(batch.map((h) => this.file.write(h.readings)));
    this.trying = false;
    const again: Held[] = [];
    let committed = true;
    for (const [i, result] of results.entries()) {
      const h = batch[i] as Held;
      if (result.status === "fulfilled") {
        h.resolve();
        continue;
      }
      const passOn = this.health.failed(result.reason);
      if (isStoreUnavailable(passOn)) committed = false;
      if (isStoreUnavailable(passOn) && this.holding) again.push(h);
      else h.reject(passOn);
    }
    if (committed) this.health.succeeded();
    this.held = [...again, ...this.held];
    this.heldCount = this.held.reduce((n, h) => n + h.readings.length, 0);
    if (this.held.length > 0) this.tryLater();
  }

  range(query: RangeQuery): Promise<StoredReading[]> {
    return this.file.range(query);
  }

  buckets(query: RangeQuery & { bucketMs: number }): Promise<ReadingBucket[]> {
    return this.file.buckets(query);
  }

  latest(unitId: string): Promise<StoredReading | undefined> {
    return this.file.latest(unitId);
  }

  close(): Promise<void> {
    this.stopHolding();
    return this.file.close();
  }
}
