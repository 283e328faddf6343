// A lookup remembered once it finds something. A unit's profile is needed for every run of its
// readings and never changes while the gateway runs: the API creates units and edits none, and the
// configured ones are applied before anything reads them (config/site-units.ts). Remembered for 5 s
// only, it was read and parsed again for most messages of a reconnect storm (a device sends one every
// ~15 s there): 1.5 % of the gateway's main thread.

/** Misses are not remembered: a unit created a moment ago is found at once. */
export function remembered<V>(load: (key: string) => V | undefined): (key: string) => V | undefined {
  const found = new Map<string, V>();
  return (key) => {
    const hit = found.get(key);
    if (hit !== undefined) return hit;
    const value = load(key);
    if (value !== undefined) found.set(key, value);
    return value;
  };
}
