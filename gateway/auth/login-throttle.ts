// Slows password guessing: after a few wrong passwords for one name, that name is refused for a while.
// Kept in memory: a restart forgets it, which only gives a guesser a few more tries.

/** a person mistyping does not get here; a script trying a list does */
const MAX_FAILURES = 5;
/** failures older than this are forgotten, and a locked name waits this long */
const WINDOW_MS = 15 * 60 * 1000;

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  /** when the name may try again, or undefined when it may try now */
  lockedUntil(name: string, nowMs: number): number | undefined {
    const recent = this.recent(name, nowMs);
    const oldest = recent[recent.length - MAX_FAILURES];
    return recent.length >= MAX_FAILURES && oldest !== undefined ? oldest + WINDOW_MS : undefined;
  }

  failed(name: string, nowMs: number): void {
    this.failures.set(name, [...this.recent(name, nowMs), nowMs]);
  }

  succeeded(name: string): void {
    this.failures.delete(name);
  }

  private recent(name: string, nowMs: number): number[] {
    return (this.failures.get(name) ?? []).filter((t) => t > nowMs - WINDOW_MS);
  }
}
