// The inputs a unit keeps for re-running its rules on a late reading (its reorder window, one to two
// hours): kept in columns, and saved in them.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { evaluate, initialUnitState, type UnitState } from "../../shared/rules/index.js";
import { KeptInputs, type TimedInput } from "../../shared/rules/runner/kept-inputs.js";
import { bag, contextOf, T0 } from "./trace.js";

const MIN = 60_000;

describe("the inputs a unit keeps", () => {
  it("give back every input as it came, in memory and through JSON", () => {
    const inputs: TimedInput[] = [
      { kind: "batch-in", timeMs: T0, batch: bag("b", 120) },
      { kind: "reading", reading: { timeMs: T0 + MIN, deviceId: "lid", tempC: -19.5 } },
      { kind: "reading", reading: { timeMs: T0 + 2 * MIN, tempC: -20.25, batteryV: 3.1 } },
      { kind: "reading", reading: { timeMs: T0 + 3 * MIN, deviceId: "base", tempC: null, fault: "crc" } },
      { kind: "reading", reading: { timeMs: T0 + 4 * MIN, deviceId: "base", tempC: null } },
      { kind: "batch-out", timeMs: T0 + 5 * MIN, batchId: "b" },
    ];
    const kept = KeptInputs.from(inputs);
    expect(Array.from({ length: kept.length }, (_, i) => kept.at(i))).toEqual(inputs);
    const saved = KeptInputs.fromSaved(JSON.parse(JSON.stringify(kept)));
    expect(saved?.toJSON()).toEqual(kept.toJSON());
    expect(Array.from({ length: kept.length }, (_, i) => saved?.at(i))).toEqual(inputs);
    // as saved before this version: the array of inputs
    expect(KeptInputs.fromSaved(JSON.parse(JSON.stringify(inputs)))?.toJSON()).toEqual(kept.toJSON());
    expect(kept.hasReading(T0 + 3 * MIN, "base", kept.length)).toBe(true);
    expect(kept.hasReading(T0 + 3 * MIN, "lid", kept.length)).toBe(false);
    expect(kept.hasReading(T0 + 4 * MIN, "base", 4)).toBe(false);
    const late = { kind: "reading", reading: { timeMs: T0 + 2 * MIN, tempC: -20 } } as const;
    const inserted = kept.withInserted(5, late);
    expect(Array.from({ length: inserted.length }, (_, i) => inserted.at(i))).toEqual([
      ...inputs.slice(0, 3),
      late,
      ...inputs.slice(3, 5),
    ]);
  });

  // 10,000 units at a reading a minute keep up to 1.2 million readings; as two objects each (~130
  // bytes) that was ~150 MiB of the gateway's heap, and a reconnect storm's backlogs fill it at once
  it("take about 32 bytes a reading, not the ~160 of the objects the rules take", () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const units = 500;
    const ctx = contextOf("home-freezer", "cdc-home");
    const fill = (readings: number): UnitState[] =>
      Array.from({ length: units }, (_, u) => {
        let state = initialUnitState();
        for (let m = 0; m < readings; m++) {
          const reading = { timeMs: T0 + m * MIN, deviceId: `probe-${u}`, tempC: -19.5 - (m % 7) / 4 };
          state = evaluate(state, { kind: "reading", reading }, ctx).state;
        }
        return state;
      });
    // the columns are an ArrayBuffer's, outside the JS heap
    const used = () => {
      gc();
      const { heapUsed, arrayBuffers } = process.memoryUsage();
      return heapUsed + arrayBuffers;
    };
    // a collection that leaves some garbage makes one measurement high (64.5 once in CI, 33-35 as a
    // rule): the least of three, so that only a real growth (the objects: ~160) fails every try
    const measure = () => {
      const before = used();
      // both past the window's first hour, so both hold a snapshot halfway (timeline.ts)
      const few = fill(61);
      const withFew = used() - before;
      const many = fill(119);
      const withMany = used() - before - withFew;
      expect(many.every((s) => s.count === 119) && few.every((s) => s.count === 61)).toBe(true);
      return (withMany - withFew) / (units * (119 - 61));
    };
    const bytesPerReading = Math.min(measure(), measure(), measure());
    expect(bytesPerReading, `${bytesPerReading.toFixed(1)} bytes a kept reading`).toBeLessThan(64);
  });

  // every changed unit is saved every few seconds, and in a reconnect storm every unit has changed,
  // each with up to two hours of readings: as the array of inputs that was ~13 KB a unit
  it("are saved in about 32 characters a reading", () => {
    const ctx = contextOf("home-freezer", "cdc-home");
    let state = initialUnitState();
    for (let m = 0; m < 120; m++) {
      const reading = { timeMs: T0 + m * MIN, deviceId: "storm-00001", tempC: -19.5, batteryV: 3.1 };
      state = evaluate(state, { kind: "reading", reading }, ctx).state;
    }
    const saved = JSON.stringify(state.inputs);
    expect(saved.length / state.inputs.length).toBeLessThan(40);
  });

  it("saved but damaged are not read back", () => {
    const good = JSON.parse(
      JSON.stringify(
        KeptInputs.from([{ kind: "reading", reading: { timeMs: T0, deviceId: "lid", tempC: -19 } }]),
      ),
    );
    expect(KeptInputs.fromSaved(good)).toBeDefined();
    for (const damaged of [
      null,
      "x",
      { ...good, columns: [T0, -19, null] },
      { ...good, columns: [null, -19, null, 0] },
      { ...good, columns: [T0, "-19", null, 0] },
      { ...good, probes: [] },
      { ...good, asCame: [[4, {}]] },
      { ...good, asCame: 1 },
    ])
      expect(KeptInputs.fromSaved(damaged)).toBeUndefined();
  });
});
