// How long the air was above a limit: each reading above it counts until the next reading, at most
// one reading interval, so a silent sensor is not counted as warm (silence has its own alert).
export interface TimedTemp {
  timeMs: number;
  tempC: number | null;
}

export function minutesAbove(
  readings: TimedTemp[],
  limitC: number,
  intervalMs: number,
  endMs: number,
): number {
  let ms = 0;
  readings.forEach((r, i) => {
    if (r.tempC === null || r.tempC <= limitC) return;
    const nextMs = readings[i + 1]?.timeMs ?? endMs;
    ms += Math.max(0, Math.min(nextMs - r.timeMs, intervalMs));
  });
  return ms / 60_000;
}
