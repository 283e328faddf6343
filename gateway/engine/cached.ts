// A lookup remembered for a short while. Units change rarely (an admin edits one) but their
// profile is needed for every reading; a few seconds of staleness is harmless, a database read per
// reading is not.
import type { Clock } from "../clock.js";

/** Misses are not remembered: a unit created a moment ago is found at once. */
export function cachedFor<V>(
  ttlMs: number,
  clock: Clock,
  load: (key: string) => V | undefined,
): (key: string) => V | undefined {
  const cache = new Map<string, { value: V; atMs: number }>();
  return (key) => {
    const now = clock.now();
    const hit = cache.get(key);
    if (hit && now - hit.atMs < ttlMs) return hit.value;
    const value = load(key);
    if (value !== undefined) cache.set(key, { value, atMs: now });
    return value;
  };
}
