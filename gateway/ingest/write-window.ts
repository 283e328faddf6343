// Collects what many messages have to write into one write, paced: a write that comes after a quiet
// spell goes at the next turn of the event loop (an alert should not wait for company), but commits
// come at most one a window apart, and what arrives in between shares the next one. Every commit
// pays an fsync on the event loop; at a few thousand messages a second, unpaced, a turn holds only
// a handful and the fsyncs take much of the gateway's time (measured: bench/gateway.ts). Readings go
// through one window, refused readings on their way to the quarantine through another.
import { performance } from "node:perf_hooks";

export class WriteWindow<T> {
  private waiting: { items: T[]; resolve(): void; reject(err: unknown): void }[] = [];
  private count = 0;
  private cancelFlush: (() => void) | undefined;
  private lastFlushMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly sink: (items: T[]) => Promise<void>,
    private readonly windowMs: number,
    private readonly maxItems: number,
  ) {}

  /** Resolves once these items are durable. */
  write(items: T[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ items, resolve, reject });
      this.count += items.length;
      if (this.count >= this.maxItems) this.flush();
      else this.cancelFlush ??= this.scheduleFlush();
    });
  }

  flush(): void {
    this.cancelFlush?.();
    this.cancelFlush = undefined;
    const batch = this.waiting;
    this.waiting = [];
    this.count = 0;
    if (batch.length === 0) return;
    this.lastFlushMs = performance.now();
    // a sink that throws at once fails its writers like one that rejects
    Promise.resolve()
      .then(() => this.sink(batch.flatMap((w) => w.items)))
      .then(
        () => {
          for (const w of batch) w.resolve();
        },
        (err: unknown) => {
          for (const w of batch) w.reject(err);
        },
      );
  }

  private scheduleFlush(): () => void {
    const waitMs = this.lastFlushMs + this.windowMs - performance.now();
    if (waitMs <= 0) {
      // after this turn, so that the rest of the turn's messages join
      const immediate = setImmediate(() => this.flush());
      return () => clearImmediate(immediate);
    }
    const timer = setTimeout(() => this.flush(), waitMs);
    return () => clearTimeout(timer);
  }
}
