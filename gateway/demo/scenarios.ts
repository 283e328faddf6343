// Air temperature traces for the demo's simulated units (simulation, not guidance: the limits the
// rules apply come from shared/profiles). Each is a function of time so a trace continues across
// restarts of the demo.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Small deterministic wobble, like a probe's noise and a compressor's cycling. */
function wobble(timeMs: number, amplitudeC: number, periodMin: number): number {
  return (
    amplitudeC * Math.sin((2 * Math.PI * timeMs) / (periodMin * MINUTE)) + 0.15 * Math.sin(timeMs / 7_919)
  );
}

export const healthyFreezer = (timeMs: number) => -19.5 + wobble(timeMs, 0.8, 40);

/** Door opened for two minutes every twelve: the air spikes, the milk does not notice. */
export function doorOpenedFreezer(timeMs: number): number {
  const inCycle = timeMs % (12 * MINUTE);
  if (inCycle < 2 * MINUTE) return -19 + 9 * (inCycle / (2 * MINUTE));
  if (inCycle < 6 * MINUTE) return -10 - 9 * ((inCycle - 2 * MINUTE) / (4 * MINUTE));
  return -19 + wobble(timeMs, 0.5, 40);
}

/** A freezer that stopped at `failedAtMs`: the air climbs towards the kitchen's. */
export function failingFreezer(failedAtMs: number): (timeMs: number) => number {
  return (timeMs) => {
    if (timeMs < failedAtMs) return healthyFreezer(timeMs);
    return 18 - 37.5 * Math.exp(-(timeMs - failedAtMs) / (2 * HOUR));
  };
}

export const bankFridge = (timeMs: number) => 3 + wobble(timeMs, 0.5, 25);

/** A cool box packed with frozen gel packs at `packedAtMs`, slowly warming on the road. */
export function coolBox(packedAtMs: number): (timeMs: number) => number {
  return (timeMs) => {
    if (timeMs < packedAtMs) return -20 + wobble(timeMs, 0.3, 30);
    return -20 + (2 * (timeMs - packedAtMs)) / HOUR + wobble(timeMs, 0.2, 17);
  };
}
