// Simulated time for Espruino devices: timers run in virtual milliseconds, so three hours pass in
// seconds, while sockets stay real; between timers the clock lets real I/O settle first.
/** Real milliseconds without socket activity after which in-flight messages are taken as delivered. */
const QUIET_MS = Number(process.env.MG_SIM_QUIET_MS ?? 5);

/** After socket activity, virtual time moves at most this far before the next check. */
const BUSY_STEP_MS = 1000;

export interface Timer {
  id: number;
  owner: object;
  atMs: number;
  everyMs: number;
  fn: () => void;
}

export class VirtualClock {
  nowMs = 0;

  /**
   * `quietMs`: real milliseconds without socket activity after which in-flight messages are taken
   * as delivered. Tests that jump hours need it; a clock paced by real time can use 0, as real time
   * passes between its ticks anyway.
   */
  constructor(private readonly quietMs = QUIET_MS) {}

  /** bumped by every socket event, so `settle` knows when real I/O has gone quiet */
  activity = 0;
  /** sockets waiting to connect */
  connecting = 0;
  /** sockets open: with none, nothing can be in flight and time need not wait for real I/O */
  open = 0;
  /** MQTT requests written and not yet answered (see expectsReply) */
  awaitingReplies = 0;
  /**
   * Work outside the sockets that time must wait for: a gateway storing what it was sent, whose
   * fsync runs on a thread with no socket activity meanwhile, and whose ack comes after it.
   */
  waitAlsoFor: (() => Promise<void>) | undefined;
  private timers: Timer[] = [];
  private nextId = 1;

  add(owner: object, fn: () => void, ms: number, repeat: boolean): number {
    const delay = Math.max(0, Number(ms) || 0);
    const timer = {
      id: this.nextId++,
      owner,
      atMs: this.nowMs + delay,
      everyMs: repeat ? Math.max(1, delay) : 0,
      fn,
    };
    this.timers.push(timer);
    return timer.id;
  }

  remove(id: number): void {
    this.timers = this.timers.filter((t) => t.id !== id);
  }

  removeOwner(owner: object): void {
    this.timers = this.timers.filter((t) => t.owner !== owner);
  }

  has(owner: object, id: number): boolean {
    return this.timers.some((t) => t.owner === owner && t.id === id);
  }

  /** Runs every timer due within `ms`, in time order, letting real I/O settle before each. */
  async advance(ms: number): Promise<void> {
    const endMs = this.nowMs + ms;
    let busy = await this.settle();
    for (;;) {
      const next = this.nextDue();
      const stepEnd = busy ? Math.min(endMs, this.nowMs + BUSY_STEP_MS) : endMs;
      if (!next || next.atMs > stepEnd) {
        if (stepEnd >= endMs) break;
        this.nowMs = stepEnd;
        busy = await this.settle();
        continue;
      }
      this.nowMs = Math.max(this.nowMs, next.atMs);
      if (next.everyMs) next.atMs += next.everyMs;
      else this.remove(next.id);
      next.fn();
      busy = await this.settle();
    }
    this.nowMs = endMs;
  }

  /**
   * Real time passes until nothing is connecting or awaiting an answer and no socket has done
   * anything for quietMs; at most a second, so a dead peer cannot stall the clock. True when
   * something happened: the clock then moves on in small steps, as messages may still be on the way.
   */
  async settle(): Promise<boolean> {
    if (this.open === 0 && this.connecting === 0 && this.awaitingReplies === 0) return false;
    const giveUpAt = Date.now() + 1000;
    const activityBefore = this.activity;
    let quietSince = Date.now();
    while (Date.now() < giveUpAt) {
      const before = this.activity;
      if (Date.now() - quietSince >= this.quietMs) {
        if (!this.waitAlsoFor) break;
        await Promise.race([this.waitAlsoFor(), realDelay(giveUpAt - Date.now())]);
        if (this.activity === before) break;
      } else {
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (this.activity !== before || this.connecting > 0 || this.awaitingReplies > 0)
        quietSince = Date.now();
    }
    return this.activity !== activityBefore;
  }

  private nextDue(): Timer | undefined {
    let best: Timer | undefined;
    for (const t of this.timers)
      if (!best || t.atMs < best.atMs || (t.atMs === best.atMs && t.id < best.id)) best = t;
    return best;
  }
}

const realDelay = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
