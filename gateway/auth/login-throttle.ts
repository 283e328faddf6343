// Slows password guessing without locking the owner out. Two counters: one per name (a guesser
// spread over many addresses) and one per address (one machine trying many names). After a few free
// mistakes, each further wrong password doubles how long that name or address waits before its next
// try; nothing is ever locked for good, and a name never waits long, since anyone can make it wait.
// Kept in memory: a restart forgets it, which only gives a guesser a few more tries.

/** a person mistyping does not get here; a script trying a list does */
const FREE_FAILURES = 5;
/** the first wait; each further wrong password doubles it */
const FIRST_WAIT_MS = 1000;
/**
 * A name's longest wait. Anyone can make a name wait by guessing at it, so its owner must get in
 * within a minute whatever a guesser does; a guesser spread over many addresses still gets only one
 * try a minute (1,440 a day against a scrypt-hashed password of at least 8 characters).
 */
const MAX_NAME_WAIT_MS = 60_000;
/** an address's longest wait: one machine guessing gets four tries an hour; its owner can use another */
const MAX_ADDRESS_WAIT_MS = 15 * 60_000;
/** a name or an address with no wrong password for this long starts afresh (a new burst) */
const FORGET_AFTER_MS = 60 * 60_000;
/** bounds memory under a flood of made-up names or addresses: the least recently failed go first */
const MAX_TRACKED = 10_000;

interface Count {
  failures: number;
  lastFailureMs: number;
  waitUntilMs: number;
}

export interface Waiting {
  /** `user:<name>` or `address:<ip>`, as the audit trail names them */
  subject: string;
  failures: number;
  waitMs: number;
}

export type Attempt =
  /** the password is not checked: try again in waitMs */
  | { allowed: false; waitMs: number }
  | {
      allowed: true;
      /** should the password be wrong: the first wrong one for this name in a while (one audit line a burst) */
      firstOfBurst: boolean;
      /** should the password be wrong: the names or addresses that begin to wait with it */
      nowWaiting: Waiting[];
    };

const nameKey = (name: string) => `user:${name}`;
const addressKey = (address: string | undefined) => `address:${address ?? "unknown"}`;

export class LoginThrottle {
  private readonly counts = new Map<string, Count>();

  /**
   * Asks before a password is checked. An allowed attempt is counted as wrong at once, so parallel
   * guesses cannot all slip past before the first is found wrong; a right one clears it (succeeded).
   */
  attempt(name: string, address: string | undefined, nowMs: number): Attempt {
    const keys = [
      { subject: nameKey(name), maxWaitMs: MAX_NAME_WAIT_MS },
      { subject: addressKey(address), maxWaitMs: MAX_ADDRESS_WAIT_MS },
    ];
    const waitMs = Math.max(...keys.map((k) => (this.current(k.subject, nowMs)?.waitUntilMs ?? 0) - nowMs));
    if (waitMs > 0) return { allowed: false, waitMs };
    const firstOfBurst = this.current(nameKey(name), nowMs) === undefined;
    const nowWaiting = keys.flatMap(({ subject, maxWaitMs }) => {
      const failures = (this.current(subject, nowMs)?.failures ?? 0) + 1;
      const wait =
        failures < FREE_FAILURES ? 0 : Math.min(maxWaitMs, FIRST_WAIT_MS * 2 ** (failures - FREE_FAILURES));
      this.remember(subject, { failures, lastFailureMs: nowMs, waitUntilMs: nowMs + wait });
      return failures === FREE_FAILURES ? [{ subject, failures, waitMs: wait }] : [];
    });
    return { allowed: true, firstOfBurst, nowWaiting };
  }

  /** the right password: its name and its address start afresh */
  succeeded(name: string, address: string | undefined): void {
    this.counts.delete(nameKey(name));
    this.counts.delete(addressKey(address));
  }

  private current(subject: string, nowMs: number): Count | undefined {
    const count = this.counts.get(subject);
    if (count && nowMs - count.lastFailureMs < FORGET_AFTER_MS) return count;
    this.counts.delete(subject);
    return undefined;
  }

  private remember(subject: string, count: Count): void {
    // re-inserted, so the Map's order is the order of the latest failure
    this.counts.delete(subject);
    this.counts.set(subject, count);
    for (const oldest of this.counts.keys()) {
      if (this.counts.size <= MAX_TRACKED) break;
      this.counts.delete(oldest);
    }
  }
}
