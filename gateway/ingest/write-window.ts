// Collects the readings of many messages into one store write. The store commits what is waiting
// at the next tick, but under load a tick holds only ~20 messages and every commit pays an fsync;
// waiting a couple of milliseconds more puts hundreds in one commit (measured: bench/gateway.ts).
import type { ReadingsStore, StoredReading } from "../store/readings-store.js";

export class WriteWindow {
  private waiting: { readings: StoredReading[]; resolve(): void; reject(err: unknown): void }[] = [];
  private count = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: ReadingsStore,
    private readonly windowMs: number,
    private readonly maxReadings: number,
  ) {}

  /** Resolves once these readings are durable. */
  write(readings: StoredReading[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ readings, resolve, reject });
      this.count += readings.length;
      if (this.count >= this.maxReadings) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.windowMs);
    });
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.waiting;
    this.waiting = [];
    this.count = 0;
    if (batch.length === 0) return;
    this.store.write(batch.flatMap((w) => w.readings)).then(
      () => {
        for (const w of batch) w.resolve();
      },
      (err: unknown) => {
        for (const w of batch) w.reject(err);
      },
    );
  }
}
