// Scripted air temperatures for simulated probes, in DS18B20 steps of 1/16 C.
import type { Trace } from "./espruino-globals.js";

export function sixteenths(c: number): number {
  return Math.round(c * 16) / 16;
}

/** A freezer holding near -19 C with a slow wobble, seeded per device so devices differ. */
export function freezerTrace(seed = 0): Trace {
  return (s) => sixteenths(-19 + Math.sin((s + seed * 97) / 900) * 1.5);
}

/** A freezer whose door is left open at `fromS`: warms 1 C every 5 minutes up to +5 C. */
export function warmingTrace(fromS: number, seed = 0): Trace {
  const base = freezerTrace(seed);
  return (s) => (s < fromS ? base(s) : sixteenths(Math.min(5, -19 + (s - fromS) / 300)));
}

export const SCENARIOS: Record<string, (seed: number) => Trace> = {
  freezer: (seed) => freezerTrace(seed),
  "door-open": (seed) => warmingTrace(600, seed),
  unplugged: (seed) => {
    const base = freezerTrace(seed);
    return (s) => (s > 600 && s < 1200 ? "unplugged" : base(s));
  },
};
