// The relay's schedule for the cool boxes it serves: visit a Puck when its advert shows a reading the
// gateway has not acknowledged, and every poll interval anyway (adverts can be missed); one visit at
// a time per Puck; after a gateway problem, try again sooner; a refused password waits for the next
// poll (retrying cannot fix it). Every visit is reported in one log line.
import { advertSeq } from "./advert.js";
import type { PuckConsole } from "./puck-console.js";
import { type PuckAccount, type UploadOptions, type UploadReport, uploadFrom } from "./upload.js";

export interface RelayPuck {
  account: PuckAccount;
  /** Bluetooth address, as the scanner names it (e.g. c7:f9:36:dd:b0:ca) */
  address: string;
  console: PuckConsole;
}

export interface RelayOptions extends UploadOptions {
  pollMs: number;
  /** first retry after a gateway problem; doubles up to the poll interval */
  retryMs: number;
  log(line: string): void;
}

interface PuckState {
  puck: RelayPuck;
  visiting: Promise<UploadReport> | undefined;
  /** highest sequence the gateway acknowledged, as far as this relay knows */
  ackedUpTo: number;
  retryMs: number;
  retry: NodeJS.Timeout | undefined;
}

export class Relay {
  private readonly pucks = new Map<string, PuckState>();
  private poll: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    pucks: RelayPuck[],
    private readonly o: RelayOptions,
  ) {
    for (const puck of pucks)
      this.pucks.set(puck.account.deviceId, {
        puck,
        visiting: undefined,
        ackedUpTo: -1,
        retryMs: o.retryMs,
        retry: undefined,
      });
  }

  /** Visits every Puck now and then every poll interval. */
  start(): void {
    this.poll = setInterval(() => this.visitAll(), this.o.pollMs);
    this.visitAll();
  }

  /** An advert heard from `address`: visits its Puck when it shows a reading not yet acknowledged. */
  advert(address: string, manufacturerData: ArrayLike<number>): Promise<UploadReport> | undefined {
    const seq = advertSeq(manufacturerData);
    const state = [...this.pucks.values()].find((s) => sameAddress(s.puck.address, address));
    if (seq === undefined || !state || seq <= state.ackedUpTo) return undefined;
    return this.visit(state.puck.account.deviceId);
  }

  /** One visit to the Puck (or the one under way). */
  visit(deviceId: string): Promise<UploadReport> {
    const state = this.pucks.get(deviceId);
    if (!state) return Promise.reject(new Error(`no cool box ${deviceId} in the relay's configuration`));
    if (state.visiting) return state.visiting;
    clearTimeout(state.retry);
    state.retry = undefined;
    const visiting = uploadFrom(state.puck.account, state.puck.console, this.o).then((report) => {
      state.visiting = undefined;
      this.after(state, report);
      return report;
    });
    state.visiting = visiting;
    return visiting;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.poll);
    for (const state of this.pucks.values()) clearTimeout(state.retry);
    await Promise.all([...this.pucks.values()].map((s) => s.visiting));
  }

  private visitAll(): void {
    for (const id of this.pucks.keys()) void this.visit(id);
  }

  private after(state: PuckState, report: UploadReport): void {
    state.ackedUpTo = Math.max(state.ackedUpTo, report.ackedUpTo);
    this.o.log(describeVisit(report));
    const gatewayTrouble = report.problem === "gateway_unreachable" || report.problem === "no_ack";
    if (!gatewayTrouble) {
      state.retryMs = this.o.retryMs;
      return;
    }
    if (this.stopped) return;
    state.retry = setTimeout(() => void this.visit(state.puck.account.deviceId), state.retryMs);
    state.retryMs = Math.min(state.retryMs * 2, this.o.pollMs);
  }
}

/** One line a person at the milk bank can act on. */
export function describeVisit(r: UploadReport): string {
  const forgot = r.ackedUpTo >= 0 ? `, the Puck forgot up to #${r.ackedUpTo}` : "";
  const refused = r.refused > 0 ? ` (${r.refused} refused by the gateway: see its quarantine)` : "";
  if (r.ok) return `${r.deviceId}: ${r.delivered} readings delivered${refused}${forgot}`;
  const kept = "unacknowledged readings stay on the Puck";
  switch (r.problem) {
    case "out_of_reach":
      return `${r.deviceId}: cool box out of reach (${r.detail}); ${kept}`;
    case "refused":
      return `${r.deviceId}: the gateway REFUSED the device id or password (${r.detail}); check relay.json; ${kept}`;
    case "gateway_unreachable":
      return `${r.deviceId}: gateway unreachable (${r.detail}) after ${r.delivered} readings${forgot}; ${kept}`;
    case "no_ack":
      return `${r.deviceId}: the gateway did not acknowledge (${r.detail}) after ${r.delivered} readings; ${kept}`;
    default:
      return `${r.deviceId}: the Puck answered something unexpected (${r.detail}); ${kept}`;
  }
}

function sameAddress(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
