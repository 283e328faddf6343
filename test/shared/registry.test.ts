// A new unit rule is one object and one place in the list: this file adds a toy rule (a door left
// open: the air jumps and stays up) to the real ones and nothing else, and the runner keeps its
// slice of the state through everything that copies the state, passes its events on with the
// others', and the catalogue (kinds, words, conditions) follows the list.
import { describe, expect, it } from "vitest";
import { evaluate, initialUnitState, restoreUnitState, unitConditions } from "../../shared/rules/index.js";
import { kindLabel, kindsOf, profileFieldsOf } from "../../shared/rules/kinds.js";
import { UNIT_RULES } from "../../shared/rules/registry.js";
import type { UnitRule, UnitRules } from "../../shared/rules/runner/rule.js";
import type { RuleEvent, RuleInput } from "../../shared/rules/types.js";
import { bag, contextOf, T0 } from "./trace.js";

const MIN = 60_000;
const JUMP_C = 4;

interface DoorState {
  /** the air before the jump, while the door is open */
  beforeC?: number;
  lastC?: number;
  raisedKey?: string;
  openings: number;
}

const doorRule: UnitRule<DoorState, "door-open", { doorOpen: boolean }> = {
  id: "door",
  kinds: {
    "door-open": { label: "Door left open", counted: ["door opening", "door openings"], ongoing: true },
  },
  initial: { openings: 0 },
  profileFields: ["alarmDelayMin"],
  onReading(state, { reading, air }, _unit, ctx, events) {
    if (air === undefined) return state;
    const airC = air.warmestC;
    const event = {
      kind: "door-open",
      severity: "warning",
      unitId: ctx.unitId,
      timeMs: reading.timeMs,
    } as const;
    if (state.beforeC === undefined && state.lastC !== undefined && airC - state.lastC >= JUMP_C) {
      const key = `${ctx.unitId}:door:${reading.timeMs}`;
      events.push({ ...event, phase: "raised", key, message: "The door is open." });
      return { beforeC: state.lastC, lastC: airC, raisedKey: key, openings: state.openings + 1 };
    }
    if (state.beforeC !== undefined && state.raisedKey && airC <= state.beforeC + 1) {
      events.push({ ...event, phase: "cleared", key: state.raisedKey, message: "The door is shut." });
      return { lastC: airC, openings: state.openings };
    }
    return { ...state, lastC: airC };
  },
  conditions: {
    now: (state) => ({ doorOpen: state.raisedKey !== undefined }),
    status: ({ doorOpen }) => (doorOpen ? "warning" : "ok"),
  },
};

const WITH_DOOR: UnitRules = [...UNIT_RULES, doorRule];
const freezer = contextOf("home-freezer", "cdc-home", "freezer-1");

const reading = (minute: number, tempC: number): RuleInput => ({
  kind: "reading",
  reading: { timeMs: T0 + minute * MIN, tempC },
});

/** three hours a minute apart, the door opened twice for three minutes; a tick after each reading */
function threeHours(): RuleInput[] {
  const inputs: RuleInput[] = [reading(0, -20), { kind: "batch-in", timeMs: T0, batch: bag("b1", 120) }];
  for (let m = 1; m <= 180; m++) {
    const open = (m >= 50 && m < 53) || (m >= 130 && m < 133);
    inputs.push(reading(m, open ? -12 : -20), { kind: "tick", timeMs: T0 + m * MIN });
  }
  // minute 40 arrives five minutes late: the rules re-run from their snapshot
  const late = inputs.findIndex((i) => i.kind === "reading" && i.reading.timeMs === T0 + 40 * MIN);
  const [lateReading] = inputs.splice(late, 1);
  const after = inputs.findIndex((i) => i.kind === "reading" && i.reading.timeMs === T0 + 45 * MIN);
  inputs.splice(after + 1, 0, lateReading as RuleInput);
  return inputs;
}

/** the inputs through these rules, the state saved as JSON and read back halfway (a restart) */
function replay(rules: UnitRules, inputs: RuleInput[]) {
  let state = initialUnitState(rules);
  const events: RuleEvent[] = [];
  inputs.forEach((input, i) => {
    if (i === Math.floor(inputs.length / 2)) state = restoreUnitState(JSON.parse(JSON.stringify(state)));
    const result = evaluate(state, input, freezer, rules);
    state = result.state;
    events.push(...result.events);
  });
  return { state, events };
}

describe("a unit rule added to the registry", () => {
  it("keeps its slice through bag steps, ticks, a late reading and a restart, and its events flow with the others'", () => {
    const inputs = threeHours();
    const withDoor = replay(WITH_DOOR, inputs);
    const doorEvents = withDoor.events.filter((e) => (e.kind as string) === "door-open");
    expect(doorEvents.map((e) => [e.phase, e.timeMs])).toEqual([
      ["raised", T0 + 50 * MIN],
      ["cleared", T0 + 53 * MIN],
      ["raised", T0 + 130 * MIN],
      ["cleared", T0 + 133 * MIN],
    ]);
    expect(withDoor.state.now.rules.door).toEqual({ lastC: -20, openings: 2 });
    expect(unitConditions(withDoor.state, WITH_DOOR)).toEqual({
      probeFault: false,
      batteryLow: false,
      excursion: null,
      silent: false,
      doorOpen: false,
    });

    // the real rules decide exactly what they decide without it
    const without = replay(UNIT_RULES, inputs);
    expect(withDoor.events.filter((e) => !doorEvents.includes(e))).toEqual(without.events);
    const { door: _, ...realSlices } = withDoor.state.now.rules;
    expect(realSlices).toEqual(without.state.now.rules);
    expect(withDoor.state.now.batches).toEqual(without.state.now.batches);
  });

  it("starts from its initial slice in a unit saved before it was added", () => {
    const saved = replay(UNIT_RULES, threeHours().slice(0, 100)).state;
    const restored = restoreUnitState(JSON.parse(JSON.stringify(saved)));
    expect(restored.now.rules.door).toBeUndefined();
    let state = restored;
    const events: RuleEvent[] = [];
    for (const input of [reading(60, -20), reading(61, -12), reading(62, -12)]) {
      const result = evaluate(state, input, freezer, WITH_DOOR);
      state = result.state;
      events.push(...result.events);
    }
    expect(events.map((e) => `${e.kind} ${e.phase}`)).toEqual(["door-open raised"]);
    expect(state.now.rules.door).toMatchObject({ openings: 1, beforeC: -20 });
  });

  it("brings its kinds, their words, its conditions and the profile numbers it reads into the catalogue", () => {
    expect(kindsOf(WITH_DOOR)["door-open"]).toMatchObject({ label: "Door left open", ongoing: true });
    expect(Object.keys(kindsOf(WITH_DOOR)).sort()).toEqual(
      [...Object.keys(kindsOf(UNIT_RULES)), "door-open"].sort(),
    );
    expect(profileFieldsOf(WITH_DOOR)).toEqual(profileFieldsOf(UNIT_RULES));
    expect(profileFieldsOf([doorRule])).toEqual(["alarmDelayMin"]);
    // the real catalogue does not know it: an alert of a kind no rule declares keeps its name
    expect(kindLabel("door-open")).toBe("door-open");
    expect(kindLabel("probe-fault")).toBe("Probe fault");
  });
});
