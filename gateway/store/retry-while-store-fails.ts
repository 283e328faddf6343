// For writes driven by events that happen once (a rule event raising an alert): when the database
// takes no writes, the event is kept, in order, and handled again until it is written; later events
// wait behind it so an alert is never cleared before it is opened. Polling is cheap: until the
// store's next try is due, a write is refused without touching the file (store-health.ts).
// The events of one pass (a rule tick over every unit, the readings of one commit) are written
// together, in one transaction: a storm's tick cleared thousands of alerts, an fsync each, and held
// the event loop for 1.4-2.7 s. A burst larger than that goes a share per turn: 10,000 "sensor silent"
// alerts opened in one go held the event loop for 0.9 s, with no device acked meanwhile.
import { isStoreUnavailable } from "./store-health.js";

/** how often kept events are tried again; the store itself spaces the real tries */
const RETRY_EVERY_MS = 1_000;
/**
 * events written in one turn of the event loop: ~20 ms of it for alerts opened (~0.1 ms each,
 * with their audit lines and notices, measured on 2,000)
 */
export const EVENTS_PER_TURN = 200;

export interface RetryingHandler<T> {
  handle(item: T): void;
  /** events still waiting for the store */
  readonly waiting: number;
  /** writes what is still kept, if the store takes it, and tries nothing after */
  stop(): void;
}

/**
 * `handle` runs each item; an item it throws a StoreUnavailableError for is kept and tried again (the
 * outage itself is logged by store-health-report.ts). Any other error is logged as `what` failed and
 * the item dropped: trying again would fail the same. Events of rules are few (changes of a
 * condition, not readings), so the queue needs no bound. The items that come in one turn of the event
 * loop are handled at its end, `together` (one transaction: all of them kept, or none), up to
 * EVENTS_PER_TURN of them; the rest in the next turns, in order.
 */
export function retryWhileStoreFails<T>(
  what: string,
  handle: (item: T) => void,
  log: { error(message: string, err?: unknown): void },
  together: (work: () => void) => void = (work) => work(),
): RetryingHandler<T> {
  const kept: T[] = [];
  let timer: NodeJS.Timeout | undefined;
  let nextShare: NodeJS.Immediate | undefined;
  let stopped = false;
  const retryLater = () => {
    if (stopped) return;
    timer ??= setTimeout(() => {
      timer = undefined;
      drain();
    }, RETRY_EVERY_MS).unref();
  };

  function drain(): void {
    nextShare = undefined;
    if (writeFirst(Math.min(kept.length, EVENTS_PER_TURN)) && kept.length > 0 && !stopped) {
      nextShare = setImmediate(drain);
    }
  }

  /** writes the first `group` kept events; false when the store takes no writes (tried again later) */
  function writeFirst(group: number): boolean {
    if (group > 1) {
      try {
        together(() => {
          for (let i = 0; i < group; i++) handle(kept[i] as T);
        });
        kept.splice(0, group);
        return true;
      } catch (err) {
        if (isStoreUnavailable(err)) {
          retryLater();
          return false;
        }
        // one of them is wrong: each on its own below, so that the others are still written
      }
    }
    for (let i = 0; i < group; i++) {
      try {
        handle(kept[0] as T);
      } catch (err) {
        if (!isStoreUnavailable(err)) log.error(`${what} failed`, err);
        else {
          retryLater();
          return false;
        }
      }
      kept.shift();
    }
    return true;
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
      stopped = true;
      clearTimeout(timer);
      clearImmediate(nextShare);
      timer = nextShare = undefined;
      while (kept.length > 0 && writeFirst(Math.min(kept.length, EVENTS_PER_TURN)));
    },
  };
}
