// One rule event of every alert sentence the rules write (each key and each of its variants), from
// the real rules on literal readings: what the English and French alert words are checked against.
import type { ProbeFault } from "../../shared/protocol/types.js";
import type { RuleEvent, RuleInput, UnitReading } from "../../shared/rules/types.js";
import { initialThaw } from "../../shared/thaw/model.js";
import { bag, contextOf, run, T0 } from "./trace.js";

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const reading = (minute: number, tempC: number | null, extra: Partial<UnitReading> = {}): RuleInput => ({
  kind: "reading",
  reading: { timeMs: T0 + minute * MIN, tempC, ...extra },
});
const tick = (minute: number): RuleInput => ({ kind: "tick", timeMs: T0 + minute * MIN });
const minutes = (from: number, to: number, tempC: number): RuleInput[] =>
  Array.from({ length: to - from + 1 }, (_, i) => reading(from + i, tempC));
const bagIn = (spec = bag("b", 60), thaw?: ReturnType<typeof initialThaw>): RuleInput => ({
  kind: "batch-in",
  timeMs: T0,
  batch: spec,
  ...(thaw ? { thaw } : {}),
});

const freezer = contextOf("home-freezer", "cdc-home");
const fridge = contextOf("fridge", "cdc-home");

/** the first event of `kind` and `phase` the inputs give */
function first(
  ctx: ReturnType<typeof contextOf>,
  inputs: RuleInput[],
  kind: RuleEvent["kind"],
  phase: RuleEvent["phase"] = "raised",
  ticks = true,
): RuleEvent {
  const event = run(ctx, inputs, ticks).events.find((e) => e.kind === kind && e.phase === phase);
  if (!event) throw new Error(`no ${kind} ${phase}`);
  return event;
}

const FAULTS: (ProbeFault | undefined)[] = [
  "power_on_85",
  "disconnected",
  "no_probe",
  "crc",
  "out_of_range",
  undefined,
];

export function samples(): Record<string, RuleEvent> {
  const box = (ruleSet: string) => contextOf("cool-box", ruleSet);
  const partThaw = [reading(0, -20), bagIn(), ...minutes(1, 60, 8)];
  const thawFully = [reading(0, -20), bagIn(), ...minutes(1, 600, 8)];
  return {
    "warmer (warning)": first(
      freezer,
      [...minutes(0, 10, -20), ...minutes(11, 41, -16)],
      "temperature-excursion",
    ),
    "warmer (critical)": run(freezer, [...minutes(0, 30, -16), ...minutes(31, 70, -5)])
      .events[1] as RuleEvent,
    colder: first(fridge, [...minutes(0, 10, 3), ...minutes(11, 45, 0)], "temperature-excursion"),
    "warm again inside": first(
      freezer,
      [...minutes(0, 40, -16), ...minutes(41, 60, -19.5)],
      "temperature-excursion",
      "cleared",
    ),
    "cold again inside": first(
      fridge,
      [...minutes(0, 10, 3), ...minutes(11, 45, 0), ...minutes(46, 60, 3)],
      "temperature-excursion",
      "cleared",
    ),
    "silent, never heard": first(freezer, [tick(0), tick(31)], "sensor-silent", "raised", false),
    "silent since a reading": first(freezer, [reading(0, -20), tick(30)], "sensor-silent", "raised", false),
    "reporting again": first(
      freezer,
      [reading(0, -20), tick(40), reading(41, -20), tick(41)],
      "sensor-silent",
      "cleared",
      false,
    ),
    "battery low": first(freezer, [reading(0, -20, { batteryV: 3.2 })], "battery-low"),
    "battery charged": first(
      freezer,
      [reading(0, -20, { batteryV: 3.2 }), reading(1, -20, { batteryV: 3.45 })],
      "battery-low",
      "cleared",
    ),
    ...Object.fromEntries(
      FAULTS.map((fault) => [
        `probe ${fault ?? "silent"}`,
        first(
          box("cdc-home"),
          [
            reading(0, -20),
            reading(1, null, fault ? { fault } : {}),
            reading(2, null, fault ? { fault } : {}),
          ],
          "probe-fault",
        ),
      ]),
    ),
    "probe back": first(
      freezer,
      [reading(0, null, { fault: "crc" }), reading(1, null, { fault: "crc" }), reading(2, -20)],
      "probe-fault",
      "cleared",
    ),
    "partly thawed, may refreeze": first(box("cdc-home"), partThaw, "batch-partially-thawed"),
    "partly thawed, may not refreeze": first(box("ny-bank"), partThaw, "batch-partially-thawed"),
    "frozen solid again": first(
      box("cdc-home"),
      [...partThaw, ...minutes(61, 400, -25)],
      "batch-partially-thawed",
      "cleared",
    ),
    thawed: first(box("cdc-home"), thawFully, "batch-thawed"),
    "refrozen after a partial thaw": first(
      box("ny-bank"),
      [...partThaw, ...minutes(61, 400, -25)],
      "batch-refrozen",
    ),
    "refrozen after a thaw": first(
      box("cdc-home"),
      [...thawFully, ...minutes(601, 1000, -25)],
      "batch-refrozen",
    ),
    "thawed, out of time": first(
      contextOf("room", "cdc-home"),
      [
        reading(0, 22),
        bagIn(bag("b", 120), { ...initialThaw(4, T0), thawedAtMs: T0 }),
        ...minutes(1, 150, 22),
      ],
      "batch-thaw-limit",
    ),
    "fresh, out of time": first(
      fridge,
      [
        reading(0, 4),
        bagIn({ ...bag("b", 100, "bottle"), expressedAtMs: T0 }),
        reading(60, 4),
        tick(96 * 60),
      ],
      "batch-expired",
    ),
    "frozen, out of time": first(
      freezer,
      [
        reading(0, -20),
        bagIn({ ...bag("b", 150), expressedAtMs: T0 - 365 * DAY + 10 * MIN }),
        ...minutes(1, 20, -20),
      ],
      "batch-expired",
    ),
  };
}
