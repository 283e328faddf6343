// Every refused message or reading is counted in /metrics by reason, but not every one is logged: a
// broken or hostile device can send thousands a second, and a line each filled 13.7 MB with 69,000
// lines for 100,000 bad payloads. In each window the first few of every reason from every device are
// logged as they come (enough to see what is wrong and who sends it); the rest are summed up in one
// line when the window ends.
import type { Logger } from "../log.js";

/** lines logged one by one for each reason and device in a window */
export const LOGGED_EACH = 3;
/** how long a window lasts before the rejections not logged are summed up */
export const SUMMARY_EVERY_MS = 60_000;
/** (reason, device) pairs a window remembers: beyond it every rejection goes to the summary */
const MAX_PAIRS = 1000;
/** device ids a summary names for each reason */
const DEVICES_NAMED = 10;

interface NotLogged {
  count: number;
  devices: Set<string>;
}

export class RejectionLog {
  /** rejections logged this window, by reason and device */
  private readonly logged = new Map<string, number>();
  private readonly notLogged = new Map<string, NotLogged>();
  private windowEnd: NodeJS.Timeout | undefined;

  constructor(
    private readonly log: Logger,
    private readonly everyMs = SUMMARY_EVERY_MS,
  ) {}

  note(reason: string, detail: Record<string, unknown>): void {
    this.windowEnd ??= setTimeout(() => this.endWindow(), this.everyMs).unref();
    const device = typeof detail.device === "string" ? detail.device : "";
    const pair = `${reason} ${device}`;
    const times = this.logged.get(pair) ?? (this.logged.size < MAX_PAIRS ? 0 : LOGGED_EACH);
    if (times < LOGGED_EACH) {
      this.logged.set(pair, times + 1);
      this.log.warn(`rejected: ${reason}`, detail);
      return;
    }
    const tally = this.notLogged.get(reason) ?? { count: 0, devices: new Set<string>() };
    tally.count += 1;
    if (device !== "" && tally.devices.size < DEVICES_NAMED) tally.devices.add(device);
    this.notLogged.set(reason, tally);
  }

  private endWindow(): void {
    this.windowEnd = undefined;
    this.logged.clear();
    if (this.notLogged.size === 0) return;
    let total = 0;
    const byReason: Record<string, { count: number; devices: string[] }> = {};
    for (const [reason, tally] of this.notLogged) {
      total += tally.count;
      byReason[reason] = { count: tally.count, devices: [...tally.devices] };
    }
    this.notLogged.clear();
    this.log.warn(
      `rejected ${total} more in the last ${this.everyMs / 1000} s, not logged one by one`,
      byReason,
    );
  }
}
