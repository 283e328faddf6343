// How long the air was above a limit: each reading above it counts until the next reading, at most
// one reading interval, so a silent sensor is not counted as warm (silence has its own alert).
export interface TimedTemp {
  timeMs: number;
  tempC: number | null;
}

/** ms one reading counts above `limitC`, the next reading (or the end of the stretch) at `nextMs` */
export function aboveMs(reading: TimedTemp, nextMs: number, limitC: number, intervalMs: number): number {
  if (reading.tempC === null || reading.tempC <= limitC) return 0;
  return Math.max(0, Math.min(nextMs - reading.timeMs, intervalMs));
}

export function minutesAbove(
  readings: TimedTemp[],
  limitC: number,
  intervalMs: number,
  endMs: number,
): number {
  let ms = 0;
  readings.forEach((r, i) => {
    ms += aboveMs(r, readings[i + 1]?.timeMs ?? endMs, limitC, intervalMs);
  });
  return ms / 60_000;
}
