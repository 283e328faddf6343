// One typed event bus: features plug into it, and a listener that throws is logged under its own
// name and never stops the others (a broken dashboard push must never stop an alert).
import type { RuleEvent } from "../shared/rules/types.js";
import type { Notice } from "./alerts/backlog-summary.js";
import type { Logger } from "./log.js";
import type { StoredReading } from "./store/readings-store.js";
import type { Alert, AuditEntry, Batch, Device, Trip } from "./store/records.js";

export interface BusEvents {
  /** readings durably stored, in event-time order per unit */
  readings: StoredReading[];
  /** what the rules decided */
  ruleEvent: RuleEvent;
  /** an alert opened, changed state, escalated or repeated */
  alert: Alert;
  /** an alert needs a notice now (first, repeat, escalation, or a backlog's summary) */
  notify: Notice;
  device: Device;
  batch: Batch;
  trip: Trip;
  audit: AuditEntry;
}

type Listener<K extends keyof BusEvents> = (payload: BusEvents[K]) => void | Promise<void>;

export class EventBus {
  private readonly listeners = new Map<keyof BusEvents, { owner: string; fn: Listener<never> }[]>();

  constructor(private readonly log: Pick<Logger, "error">) {}

  on<K extends keyof BusEvents>(event: K, owner: string, fn: Listener<K>): void {
    const list = this.listeners.get(event) ?? [];
    list.push({ owner, fn: fn as Listener<never> });
    this.listeners.set(event, list);
  }

  removeOwner(owner: string): void {
    for (const [event, list] of this.listeners) {
      this.listeners.set(
        event,
        list.filter((l) => l.owner !== owner),
      );
    }
  }

  emit<K extends keyof BusEvents>(event: K, payload: BusEvents[K]): void {
    for (const { owner, fn } of this.listeners.get(event) ?? []) {
      try {
        const result = (fn as Listener<K>)(payload);
        if (result instanceof Promise) {
          result.catch((err: unknown) => this.log.error(`bus listener ${owner}/${event} failed`, err));
        }
      } catch (err) {
        this.log.error(`bus listener ${owner}/${event} failed`, err);
      }
    }
  }
}
