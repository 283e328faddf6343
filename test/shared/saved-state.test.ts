// A unit's rule state saved by the version before the rule registry (each rule's slice a field of its
// own; test/fixtures/saved-state, written by that version after the inputs of `saved()` below) is
// read back after the upgrade as if the gateway had never stopped: same bag, same open conditions,
// same reorder window, the same alerts afterwards.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  batchThaw,
  evaluate,
  initialUnitState,
  restoreUnitState,
  type UnitState,
  unitConditions,
} from "../../shared/rules/index.js";
import type { BatchSpec, RuleEvent, RuleInput } from "../../shared/rules/types.js";
import { contextOf } from "./trace.js";

const T0 = Date.UTC(2026, 5, 1, 6, 0);
const MIN = 60_000;
const ctx = contextOf("home-freezer", "cdc-home", "saved-freezer");
const spec: BatchSpec = {
  id: "bag-1",
  volumeMl: 120,
  container: "flat-bag",
  expressedAtMs: T0 - 24 * 60 * MIN,
  purpose: "own",
  processing: "raw",
};
const at = (minute: number, deviceId: string, tempC: number | null, extra = {}): RuleInput => ({
  kind: "reading",
  reading: { timeMs: T0 + minute * MIN, deviceId, tempC, ...extra },
});
const tick = (minute: number): RuleInput => ({ kind: "tick", timeMs: T0 + minute * MIN });

/** three hours of two probes, the lid's warm from the first hour with a low battery; a fault last */
function saved(): RuleInput[] {
  const inputs: RuleInput[] = [tick(0), { kind: "batch-in", timeMs: T0, batch: spec }];
  for (let m = 0; m <= 180; m += 5) {
    inputs.push(at(m, "lid", m < 60 ? -20 : -8, { batteryV: 3.2 }));
    inputs.push(m === 180 ? at(m, "base", null, { fault: "crc" }) : at(m, "base", -20));
    inputs.push(tick(m));
  }
  return inputs;
}

/** after the upgrade: a late reading, a second fault in a row, the lid cold again, then a silence */
function resumed(): RuleInput[] {
  const inputs: RuleInput[] = [at(177, "lid", -8, { batteryV: 3.2 })];
  for (let m = 185; m <= 360; m += 5) {
    inputs.push(m === 185 ? at(m, "base", null, { fault: "crc" }) : at(m, "base", -20));
    inputs.push(at(m, "lid", -20, { batteryV: 3.5 }), tick(m));
  }
  inputs.push(tick(420), at(421, "lid", -21), tick(421));
  return inputs;
}

function run(from: UnitState, inputs: RuleInput[]) {
  let state = from;
  const events: RuleEvent[] = [];
  for (const input of inputs) {
    const result = evaluate(state, input, ctx);
    state = result.state;
    events.push(...result.events);
  }
  return { state, events };
}

const savedBefore = () =>
  JSON.parse(
    readFileSync(join(import.meta.dirname, "../fixtures/saved-state/unit-before-registry.json"), "utf8"),
  );

describe("a unit's state saved before the rule registry", () => {
  it("is read back in place, not started over", () => {
    const old = savedBefore();
    const restored = restoreUnitState(old);
    expect(restored).toBe(old);
    expect(restored.now.rules).toMatchObject({
      probe: { faultsInRow: 1 },
      battery: { raisedKey: expect.any(String) },
      probes: { probeId: "lid", probes: { lid: expect.any(Object), base: expect.any(Object) } },
      excursion: { high: { raised: { severity: "critical" } } },
      silence: { watchFromMs: T0 },
    });
    expect(restored.base.rules).toBeDefined();
    expect(restored.mid?.state.rules).toBeDefined();
    expect(Object.keys(restored.now)).not.toContain("excursion");
    expect(unitConditions(restored)).toEqual({
      probeFault: false,
      batteryLow: true,
      excursion: "critical",
      silent: false,
    });
  });

  it("goes on as if the gateway had never stopped: the same alerts, conditions and bag", () => {
    const upgraded = run(restoreUnitState(savedBefore()), resumed());
    const never = run(initialUnitState(), [...saved(), ...resumed()]);
    const before = run(initialUnitState(), saved()).events.length;
    const said = (events: RuleEvent[]) => events.map((e) => `${e.kind} ${e.phase} ${e.severity} ${e.key}`);
    expect(said(upgraded.events)).toEqual(said(never.events.slice(before)));
    // the second fault in a row counts the one saved before the upgrade
    expect(said(upgraded.events)[0]).toMatch(/^probe-fault raised/);
    expect(upgraded.events.map((e) => e.kind)).toEqual(
      expect.arrayContaining(["battery-low", "temperature-excursion", "sensor-silent"]),
    );
    expect(unitConditions(upgraded.state)).toEqual(unitConditions(never.state));
    expect(batchThaw(upgraded.state, "bag-1")).toEqual(batchThaw(never.state, "bag-1"));
  });

  it("a state that is not one of these rules' starts the unit over", () => {
    for (const damaged of [null, 42, { now: { airC: -19 } }, { ...savedBefore(), inputs: "x" }])
      expect(restoreUnitState(damaged)).toEqual(initialUnitState());
  });
});
