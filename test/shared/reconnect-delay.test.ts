// The devices' reconnect back-off: full jitter (a uniform wait from nothing up to the doubling cap),
// never below a floor, never past the maximum, whatever the draw and however long the failures last.
import { describe, expect, it } from "vitest";
import { RECONNECT_FLOOR_MS, reconnectDelayMs } from "../../shared/protocol/reconnect-delay.js";

/** the firmware example's back-off (firmware/devices/example.json) */
const MIN_S = 2;
const MAX_S = 300;
const delay = (failures: number, random: number) => reconnectDelayMs(failures, MIN_S, MAX_S, random);

describe("reconnect back-off with full jitter", () => {
  it("caps the wait at min * 2^failures, then at the maximum", () => {
    const justBelowOne = 1 - 1e-9;
    expect([0, 1, 2, 3, 7, 8, 20].map((n) => Math.round(delay(n, justBelowOne) / 1000))).toEqual([
      2, 4, 8, 16, 256, 300, 300,
    ]);
  });

  it.each([
    [0.25, 0, 500],
    [0.25, 3, 4000],
    [0.5, 3, 8000],
    [0.1, 10, 30_000],
  ])("draws the wait uniformly over the whole window: draw %f after %i failures waits %i ms", (r, n, ms) => {
    expect(delay(n, r)).toBe(ms);
  });

  it("never waits less than the floor, so a device refused at once does not spin", () => {
    for (const n of [0, 1, 5, 50]) expect(delay(n, 0)).toBe(RECONNECT_FLOOR_MS);
    expect(reconnectDelayMs(3, 0, MAX_S, 0.7)).toBe(RECONNECT_FLOOR_MS);
  });

  it("stays finite after weeks of failures", () => {
    expect(delay(100_000, 0.5)).toBe(150_000);
    expect(reconnectDelayMs(100_000, 0, MAX_S, 0.5)).toBe(RECONNECT_FLOOR_MS);
  });

  it("spreads a crowd failing together over the whole window, not its top half", () => {
    const waits = Array.from({ length: 1000 }, (_, i) => delay(4, (i + 0.5) / 1000));
    const capMs = 32_000;
    expect(waits.filter((w) => w < capMs / 2).length).toBe(500);
    expect(Math.max(...waits)).toBeLessThan(capMs);
  });
});
