// Collects what many messages have to write into one write. The store commits what is waiting at the
// next tick, but under load a tick holds only ~20 messages and every commit pays an fsync; waiting a
// couple of milliseconds more puts hundreds in one commit (measured: bench/gateway.ts). Readings go
// through one window, refused readings on their way to the quarantine through another.
export class WriteWindow<T> {
  private waiting: { items: T[]; resolve(): void; reject(err: unknown): void }[] = [];
  private count = 0;
  private timer: NodeJS.Timeout | undefined;

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
}
