// For writes driven by events that happen once (a rule event raising an alert): when the database
// takes no writes, the event is kept, in order, and handled again until it is written; later events
// wait behind it so an alert is never cleared before it is opened. Polling is cheap: until the
// store's next try is due, a write is refused without touching the file (store-health.ts).
// The events of one pass (a rule tick over every unit, the readings of one commit) are written
// together, in one transaction: a storm's tick cleared thousands of alerts, an fsync each, and held
// the event loop for 1.4-2.7 s.
import { isStoreUnavailable } from "./store-health.js";

/** how often kept events are tried again; the store itself spaces the real tries */
const RETRY_EVERY_MS = 1_000;

export interface RetryingHandler<T> {
  handle(item: T): void;
  /** events still waiting for the store */
  readonly waiting: number;
  stop(): void;
}

/**
 * `handle` runs each item; an item it throws a StoreUnavailableError for is kept and tried again (the
 * outage itself is logged by store-health-report.ts). Any other error is logged as `what` failed and
 * the item dropped: trying again would fail the same. Events of rules are few (changes of a
 * condition, not readings), so the queue needs no bound. The items that come in one turn of the event
 * loop are handled at its end, `together` (one transaction: all of them kept, or none).
 */
export function retryWhileStoreFails<T>(
  what: string,
  handle: (item: T) => void,
  log: { error(message: string, err?: unknown): void },
  together: (work: () => void) => void = (work) => work(),
): RetryingHandler<T> {
  const kept: T[] = [];
  let timer: NodeJS.Timeout | undefined;
  const retryLater = () => {
    timer ??= setTimeout(() => {
      timer = undefined;
      drain();
    }, RETRY_EVERY_MS).unref();
  };

  function drain(): void {
    const group = kept.length;
    if (group > 1) {
      try {
        together(() => {
          for (let i = 0; i < group; i++) handle(kept[i] as T);
        });
        kept.splice(0, group);
      } catch (err) {
        if (isStoreUnavailable(err)) {
          retryLater();
          return;
        }
        // one of them is wrong: each on its own below, so that the others are still written
      }
    }
    while (kept.length > 0) {
      try {
        handle(kept[0] as T);
      } catch (err) {
        if (!isStoreUnavailable(err)) log.error(`${what} failed`, err);
        else {
          retryLater();
          return;
        }
      }
      kept.shift();
    }
  }

  return {
    handle(item) {
      kept.push(item);
      if (kept.length === 1) queueMicrotask(drain);
    },
    get waiting() {
      return kept.length;
    },
    stop() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
