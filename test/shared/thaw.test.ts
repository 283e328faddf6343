import { describe, expect, it } from "vitest";
import type { BatchSpec, BatchThawState } from "../../shared/rules/types.js";
import { FREEZING_POINT_C } from "../../shared/thaw/constants.js";
import { advanceThaw, initialThaw } from "../../shared/thaw/model.js";

const HOUR = 3_600_000;
const MINUTE = 60_000;

const bag = (volumeMl: number): BatchSpec => ({
  id: `bag-${volumeMl}`,
  volumeMl,
  container: "flat-bag",
  expressedAtMs: 0,
  purpose: "own",
  processing: "raw",
});
const bottle = (volumeMl: number): BatchSpec => ({ ...bag(volumeMl), container: "bottle" });

/** Hours until the last ice melts, moving a bag from -18 C into air at airC, in 1-minute readings. */
function hoursToThaw(spec: BatchSpec, airC: number): number {
  let state = initialThaw(-18, 0);
  for (let t = MINUTE; t <= 72 * HOUR; t += MINUTE) {
    state = advanceThaw(state, spec, airC, t);
    if (state.iceFraction === 0) return (state.thawedAtMs ?? Number.NaN) / HOUR;
  }
  return Number.POSITIVE_INFINITY;
}

/** Replays air temperatures given per minute, from minute 1. */
function replay(spec: BatchSpec, startC: number, airAt: (minute: number) => number, minutes: number) {
  let state = initialThaw(startC, 0);
  const seen: BatchThawState[] = [];
  for (let m = 1; m <= minutes; m++) {
    state = advanceThaw(state, spec, airAt(m), m * MINUTE);
    seen.push(state);
  }
  return { state, seen };
}

// From -18 C into constant air, the last ice must melt no later than these (the fast end of published
// thaw times, docs/thaw-model.md#calibration), and not more than 1.5 x sooner, or every warm spell
// would become a discard.
const THAW_BOUNDS: [string, number, number, BatchSpec][] = [
  ["60 ml flat bag", 4, 6.0, bag(60)],
  ["60 ml flat bag", 10, 2.6, bag(60)],
  ["60 ml flat bag", 22, 1.3, bag(60)],
  ["120 ml flat bag", 4, 9.6, bag(120)],
  ["120 ml flat bag", 10, 4.2, bag(120)],
  ["120 ml flat bag", 22, 2.0, bag(120)],
  ["250 ml bottle", 4, 26, bottle(250)],
  ["250 ml bottle", 10, 11.5, bottle(250)],
  ["250 ml bottle", 22, 5.5, bottle(250)],
];

describe("thaw model on the safe side: never slower than the fast end of published thaw times", () => {
  it.each(THAW_BOUNDS)("a %s from -18 C in %i C air has thawed within %s h", (_what, air, bound, spec) => {
    const hours = hoursToThaw(spec, air);
    expect(hours).toBeLessThanOrEqual(bound);
    expect(hours).toBeGreaterThanOrEqual(bound / 1.5);
  });

  it("a 60 ml bag lies thinner, not smaller: it thaws sooner than a 120 ml bag, but not in half the time", () => {
    const small = hoursToThaw(bag(60), 4);
    const large = hoursToThaw(bag(120), 4);
    expect(small).toBeLessThan(large);
    expect(small).toBeGreaterThan(large / 2);
  });
});

describe("thaw model in everyday situations", () => {
  it("in a power cut (-20 to +5 C over 6 h, 12 h at +5 C) a 60 ml bag thaws but a 250 ml bottle keeps ice", () => {
    const air = (m: number) => (m <= 360 ? -20 + (25 * m) / 360 : 5);
    expect(replay(bag(60), -20, air, 18 * 60).state.iceFraction).toBe(0);
    expect(replay(bottle(250), -20, air, 18 * 60).state.iceFraction).toBeGreaterThan(0);
  });

  it.each([60, 120, 250])("%i ml still holds ice after 1 h in a cool box at +8 C", (ml) => {
    const spec = ml === 250 ? bottle(ml) : bag(ml);
    expect(replay(spec, -18, () => 8, 60).state.iceFraction).toBeGreaterThan(0);
  });

  it("a 60 ml bag thaws completely after 6 h in a cool box at +8 C", () => {
    expect(replay(bag(60), -18, () => 8, 6 * 60).state.iceFraction).toBe(0);
  });
});

describe("thaw model physics", () => {
  it("one long step gives the same result as many short ones", () => {
    const spec = bag(60);
    const long = advanceThaw(initialThaw(-18, 0), spec, 20, 3 * HOUR);
    const short = replay(spec, -18, () => 20, 180).state;
    expect(long.milkTempC).toBeCloseTo(short.milkTempC, 6);
    expect(long.thawedAtMs ?? 0).toBeCloseTo(short.thawedAtMs ?? 1, -1);
  });

  it("stamps the moment the last ice melted inside a step, not the end of the step", () => {
    const spec = bag(60);
    const state = advanceThaw(initialThaw(-18, 0), spec, 20, 10 * HOUR);
    expect(state.iceFraction).toBe(0);
    expect(state.thawedAtMs).toBeLessThan(3 * HOUR);
    expect(state.milkTempC).toBeGreaterThan(15);
  });

  it("holds at the freezing point while ice melts", () => {
    const { seen } = replay(bag(60), -18, () => 4, 8 * 60);
    const melting = seen.filter((s) => s.iceFraction > 0 && s.iceFraction < 1);
    expect(melting.length).toBeGreaterThan(60);
    for (const s of melting) expect(s.milkTempC).toBe(FREEZING_POINT_C);
  });

  it("refreezing liquid milk raises its ice fraction back to solid", () => {
    const spec = bag(60);
    const thawed = advanceThaw(initialThaw(-18, 0), spec, 20, 4 * HOUR);
    const refrozen = advanceThaw(thawed, spec, -18, 12 * HOUR);
    expect(thawed.iceFraction).toBe(0);
    expect(refrozen.iceFraction).toBe(1);
    expect(refrozen.milkTempC).toBeLessThan(-10);
  });

  it("a bag that sat frozen for days is not thawed by one minute of warm air", () => {
    const spec = bag(60);
    const settled = advanceThaw(initialThaw(-18, 0), spec, -18, 72 * HOUR);
    const afterSpike = advanceThaw(settled, spec, 20, 72 * HOUR + MINUTE);
    expect(afterSpike.iceFraction).toBe(1);
    expect(afterSpike.milkTempC).toBeLessThan(-13);
  });

  it("milk placed liquid starts thawed, and milk placed frozen starts frozen", () => {
    expect(initialThaw(4, 0)).toMatchObject({ iceFraction: 0, phase: "thawed" });
    expect(initialThaw(-18, 5)).toMatchObject({ iceFraction: 1, phase: "frozen", frozenAtMs: 5 });
  });
});
