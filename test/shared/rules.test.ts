// Each rule's behaviour with literal times: delays, hysteresis, silence on ticks, probe and battery,
// use-by clocks, late and repeated readings, and a state that survives a restart as JSON.
import { describe, expect, it } from "vitest";
import { withOverrides } from "../../shared/profiles/index.js";
import { batchThaw, evaluate, restoreUnitState } from "../../shared/rules/index.js";
import type { RuleInput, UnitReading } from "../../shared/rules/types.js";
import { initialThaw } from "../../shared/thaw/model.js";
import { bag, contextOf, run, T0 } from "./trace.js";

const MIN = 60_000;
const HOUR = 60 * MIN;
const reading = (minute: number, tempC: number | null, extra: Partial<UnitReading> = {}): RuleInput => ({
  kind: "reading",
  reading: { timeMs: T0 + minute * MIN, tempC, ...extra },
});
const tick = (minute: number): RuleInput => ({ kind: "tick", timeMs: T0 + minute * MIN });
/** one reading a minute from `from` to `to` inclusive at a temperature given per minute */
const minutes = (from: number, to: number, tempC: (m: number) => number): RuleInput[] =>
  Array.from({ length: to - from + 1 }, (_, i) => reading(from + i, tempC(from + i)));
const kinds = (r: { events: { kind: string; phase: string; severity: string }[] }) =>
  r.events.map((e) => `${e.kind} ${e.phase} ${e.severity}`);

const freezer = contextOf("home-freezer", "cdc-home");

describe("temperature excursion", () => {
  it("waits the profile's 30 min before alarming, counted from the first warm reading", () => {
    const r = run(freezer, [...minutes(0, 10, () => -20), ...minutes(11, 40, () => -16)]);
    expect(r.events).toEqual([]);
    const later = run(freezer, [reading(41, -16)], true, r.state);
    expect(kinds(later)).toEqual(["temperature-excursion raised warning"]);
    expect(later.events[0]?.message).toMatch(/warmer than -18.0 °C for 30 min/);
  });

  it("does not clear while the air hovers just inside the limit, only past the hysteresis", () => {
    const warm = run(
      freezer,
      minutes(0, 40, () => -16),
    );
    const hovering = run(
      freezer,
      minutes(41, 100, () => -18.5),
      true,
      warm.state,
    );
    expect(hovering.events).toEqual([]);
    const cold = run(freezer, [reading(101, -19)], true, hovering.state);
    expect(kinds(cold)).toEqual(["temperature-excursion cleared warning"]);
    expect(cold.events[0]?.key).toBe(warm.events[0]?.key);
    expect(cold.events[0]?.details).toMatchObject({ peakC: -16, durationMs: 101 * MIN });
  });

  it("turns critical when the air also stays past the critical limit for the delay, under the same key", () => {
    const r = run(freezer, [...minutes(0, 30, () => -16), ...minutes(31, 70, () => -5)]);
    expect(kinds(r)).toEqual([
      "temperature-excursion raised warning",
      "temperature-excursion raised critical",
    ]);
    expect(r.events[1]?.key).toBe(r.events[0]?.key);
  });

  it("alarms a fridge that is too cold (milk may freeze) with its own key", () => {
    const fridge = contextOf("fridge", "cdc-home");
    const r = run(fridge, [...minutes(0, 10, () => 3), ...minutes(11, 45, () => 0)]);
    expect(kinds(r)).toEqual(["temperature-excursion raised warning"]);
    expect(r.events[0]?.key).toContain("excursion-low");
    expect(r.events[0]?.message).toMatch(/colder than 1.0 °C/);
  });

  it("uses a site's override of the delay", () => {
    const quick = { ...freezer, profile: withOverrides(freezer.profile, { alarmDelayMin: 5 }) };
    expect(
      kinds(
        run(
          quick,
          minutes(0, 5, () => -10),
        ),
      ),
    ).toEqual(["temperature-excursion raised warning"]);
  });
});

describe("sensor silent", () => {
  it("is raised on a tick after 3 missed readings, never sooner than the alarm delay, and once", () => {
    const r = run(freezer, [reading(0, -20), tick(20), tick(29), tick(30), tick(45)], false);
    expect(kinds(r)).toEqual(["sensor-silent raised warning"]);
    expect(r.events[0]?.timeMs).toBe(T0 + 30 * MIN);
  });

  it("clears on the first tick once readings are current, not while a backlog is still arriving", () => {
    const silent = run(freezer, [reading(0, -20), tick(40)], false);
    // at minute 200 the box uploads minutes 1-100 of its backlog: still 100 min behind the clock
    const backlog = run(freezer, [...minutes(1, 100, () => -20), tick(200)], false, silent.state);
    expect(backlog.events).toEqual([]);
    const current = run(freezer, [...minutes(101, 200, () => -20), tick(200)], false, backlog.state);
    expect(kinds(current)).toEqual(["sensor-silent cleared warning"]);
    expect(current.events[0]?.key).toBe(silent.events[0]?.key);
  });

  it("waits for the silence a cool box is expected to keep out of network reach on a round (6 h)", () => {
    const box = contextOf("cool-box", "nice-ukamb");
    expect(run(box, [reading(0, -20), tick(3 * 60)], false).events).toEqual([]);
    expect(kinds(run(box, [reading(0, -20), tick(6 * 60)], false))).toEqual(["sensor-silent raised warning"]);
  });

  it("is raised for a unit that has never reported", () => {
    const r = run(freezer, [tick(0), tick(31)], false);
    expect(r.events[0]?.message).toMatch(/No reading has come/);
  });
});

describe("probe and battery", () => {
  it("ignores one 85 C power-up reading, alerts on two faults in a row, clears on a good reading", () => {
    const once = run(freezer, [reading(0, -20), reading(1, null, { fault: "power_on_85" }), reading(2, -20)]);
    expect(once.events).toEqual([]);
    const twice = run(freezer, [
      reading(0, -20),
      reading(1, null, { fault: "disconnected" }),
      reading(2, null, { fault: "disconnected" }),
      reading(3, -20),
    ]);
    expect(kinds(twice)).toEqual(["probe-fault raised warning", "probe-fault cleared warning"]);
    expect(twice.events[0]?.message).toMatch(/-127 °C/);
  });

  it("a faulty reading never counts as air: no excursion from it", () => {
    const r = run(freezer, [reading(0, -20), ...minutes(1, 60, () => 85).map((i) => withFault(i))]);
    expect(r.events.map((e) => e.kind)).not.toContain("temperature-excursion");
  });

  it("battery low below 3.3 V, cleared only at 3.4 V", () => {
    const r = run(freezer, [
      reading(0, -20, { batteryV: 3.5 }),
      reading(1, -20, { batteryV: 3.2 }),
      reading(2, -20, { batteryV: 3.35 }),
      reading(3, -20, { batteryV: 3.45 }),
    ]);
    expect(kinds(r)).toEqual(["battery-low raised warning", "battery-low cleared warning"]);
    expect(r.events[1]?.timeMs).toBe(T0 + 3 * MIN);
  });
});

function withFault(input: RuleInput): RuleInput {
  return input.kind === "reading"
    ? { kind: "reading", reading: { ...input.reading, tempC: null, fault: "power_on_85" } }
    : input;
}

describe("bags and their clocks", () => {
  const fridge = contextOf("fridge", "cdc-home");

  it("fresh milk in the fridge expires after the rule set's days, counted from expression", () => {
    const spec = { ...bag("fresh", 100), expressedAtMs: T0 };
    const r = run(fridge, [reading(0, 4), { kind: "batch-in", timeMs: T0, batch: spec }, reading(60, 4)]);
    expect(r.thaw("fresh").phase).toBe("fresh");
    const later = run(fridge, [tick(96 * 60)], false, r.state);
    const bagEvents = later.events.filter((e) => e.batchId === "fresh");
    expect(kinds({ events: bagEvents })).toEqual(["batch-expired raised critical"]);
    expect(bagEvents[0]?.timeMs).toBe(T0 + 96 * HOUR);
  });

  it("fresh milk put in a freezer becomes frozen, which is not refreezing", () => {
    const spec = { ...bag("fresh", 60), expressedAtMs: T0 };
    const thaw = { ...initialThaw(4, T0), phase: "fresh" as const };
    const r = run(freezer, [
      reading(0, -20),
      { kind: "batch-in", timeMs: T0, batch: spec, thaw },
      ...minutes(1, 600, () => -20),
    ]);
    expect(r.thaw("fresh").phase).toBe("frozen");
    expect(r.events).toEqual([]);
  });

  it("thawed milk taken into a room unit must be used within the room limit, not the fridge's", () => {
    const room = contextOf("room", "cdc-home");
    const thawed = { ...initialThaw(4, T0), thawedAtMs: T0 };
    const r = run(room, [
      reading(0, 22),
      { kind: "batch-in", timeMs: T0, batch: bag("b", 120), thaw: thawed },
      ...minutes(1, 150, () => 22),
    ]);
    expect(kinds(r)).toEqual(["batch-thaw-limit raised critical"]);
    expect(r.events[0]?.timeMs).toBe(T0 + 2 * HOUR);
  });

  it("a bag moved between units carries its thaw state: out of one, into the next", () => {
    const first = run(contextOf("cool-box", "nice-ukamb"), [
      reading(0, -20),
      { kind: "batch-in", timeMs: T0, batch: bag("b", 60) },
      ...minutes(1, 60, () => 8),
    ]);
    const carried = first.thaw("b");
    expect(carried.phase).toBe("partially-thawed");
    const out = evaluate(
      first.state,
      { kind: "batch-out", timeMs: T0 + 61 * MIN, batchId: "b" },
      contextOf("cool-box", "nice-ukamb"),
    );
    expect(batchThaw(out.state, "b")).toBeUndefined();
    const bank = run(contextOf("bank-freezer", "nice-ukamb"), [
      reading(61, -22),
      { kind: "batch-in", timeMs: T0 + 61 * MIN, batch: bag("b", 60), thaw: carried },
      ...minutes(62, 300, () => -22),
    ]);
    expect(bank.thaw("b").phase).toBe("frozen");
    expect(kinds(bank)).toEqual(["batch-partially-thawed cleared info"]);
  });
});

describe("late, repeated and restarted", () => {
  const box = contextOf("cool-box", "nice-ukamb");
  const trip = (): RuleInput[] => [
    reading(0, -20),
    { kind: "batch-in", timeMs: T0, batch: bag("b", 60) },
    ...minutes(1, 240, (m) => (m > 60 && m < 200 ? 8 : -20)),
  ];

  /** the readings delivered only at minute 245, after the gateway's clock ticked on without them */
  const deliveredAtTheEnd = (inputs: RuleInput[]): RuleInput[] => {
    const [first, bagIn, ...rest] = inputs as [RuleInput, RuleInput, ...RuleInput[]];
    const ticks = Array.from({ length: 24 }, (_, i) => tick(10 + i * 10));
    return [first, bagIn, ...ticks, ...rest, tick(245)];
  };

  it("a cool box uploading its 4-hour round late, in order, gives exactly the alerts and states of a live one", () => {
    const live = run(box, trip());
    const late = run(box, deliveredAtTheEnd(trip()), false);
    expect(late.events).toEqual(live.events);
    expect(late.events.map((e) => e.kind)).toContain("temperature-excursion");
    expect(late.thaw("b")).toEqual(live.thaw("b"));
  });

  it("a freezer's readings arriving hours late give the same alerts and states, plus the silence they were", () => {
    const freezerCtx = contextOf("donor-freezer", "nice-ukamb");
    const live = run(freezerCtx, trip());
    const late = run(freezerCtx, deliveredAtTheEnd(trip()), false);
    const notSilence = (r: typeof live) => r.events.filter((e) => e.kind !== "sensor-silent");
    expect(notSilence(late)).toEqual(notSilence(live));
    expect(late.thaw("b")).toEqual(live.thaw("b"));
    expect(kinds(late).filter((k) => k.startsWith("sensor-silent"))).toEqual([
      "sensor-silent raised warning",
      "sensor-silent cleared warning",
    ]);
  });

  it("a reading sent twice changes nothing; one older than the reorder window is left out and said so", () => {
    const r = run(box, trip(), false);
    const again = evaluate(r.state, reading(240, -20), box);
    expect(again).toMatchObject({ events: [], ignored: "duplicate" });
    const ancient = evaluate(r.state, reading(-600, 30), box);
    expect(ancient).toMatchObject({ events: [], ignored: "too-late" });
    expect(ancient.state).toBe(r.state);
  });

  it("a state saved as JSON and loaded after a restart goes on exactly as the one kept in memory", () => {
    const inputs = trip();
    const half = run(box, inputs.slice(0, 100), false);
    const restored = restoreUnitState(JSON.parse(JSON.stringify(half.state)));
    const kept = run(box, inputs.slice(100), false, half.state);
    const resumed = run(box, inputs.slice(100), false, restored);
    expect(resumed.events).toEqual(kept.events);
    expect(resumed.thaw("b")).toEqual(kept.thaw("b"));
  });

  it("two different next readings from the same state do not disturb each other (no shared mutation)", () => {
    const start = run(box, trip().slice(0, 50), false).state;
    const restored = restoreUnitState(JSON.parse(JSON.stringify(start)));
    const a = evaluate(start, reading(51, 8), box);
    const b = evaluate(start, reading(51, -20), box);
    const bAlone = evaluate(restored, reading(51, -20), box);
    expect(a.state.now.airC).toBe(8);
    expect(b.state.now.airC).toBe(-20);
    expect(JSON.stringify(b.state)).toBe(JSON.stringify(bAlone.state));
    expect(run(box, trip().slice(50), false, b.state).events).toEqual(
      run(box, trip().slice(50), false, bAlone.state).events,
    );
  });
});

describe("ticks", () => {
  it("a tick that changes nothing returns the very same state (nothing for the gateway to save)", () => {
    const r = run(freezer, [reading(0, -20), reading(1, -20)], false);
    expect(evaluate(r.state, tick(2), freezer).state).toBe(r.state);
  });
});

describe("use-by as the rules give it", () => {
  it("a thawed bag's thaw state carries its use-by; a partial thaw that may not refreeze counts from its start", () => {
    const box = contextOf("cool-box", "ny-bank");
    const r = run(box, [
      reading(0, -20),
      { kind: "batch-in", timeMs: T0, batch: bag("b", 60) },
      ...minutes(1, 60, () => 8),
    ]);
    const thaw = r.thaw("b");
    expect(thaw.phase).toBe("partially-thawed");
    const partial = r.events.find((e) => e.kind === "batch-partially-thawed");
    // New York: thawed milk within 48 h
    expect(thaw.useByMs).toBe((partial?.timeMs ?? 0) + 48 * HOUR);
    const cdc = run(contextOf("cool-box", "cdc-home"), [
      reading(0, -20),
      { kind: "batch-in", timeMs: T0, batch: bag("b", 60) },
      ...minutes(1, 60, () => 8),
    ]);
    // CDC lets it go back into a freezer while it holds ice: only its frozen age limit stands
    expect(cdc.thaw("b").useByMs).toBe(bag("b", 60).expressedAtMs + 365 * 24 * HOUR);
  });
});
