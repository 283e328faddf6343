// Two probes in one unit: every reading of each is judged, the warmer one for the high limit and the
// bags, the colder one for a low limit; a probe that stopped reporting no longer holds the unit's air.
import { describe, expect, it } from "vitest";
import type { RuleInput } from "../../shared/rules/types.js";
import { bag, contextOf, run, T0 } from "./trace.js";

const MIN = 60_000;
const reading = (deviceId: string, minute: number, tempC: number): RuleInput => ({
  kind: "reading",
  reading: { deviceId, timeMs: T0 + minute * MIN, tempC },
});

/** both probes every minute for `minutes`, stamped the same second */
function twoProbes(minutes: number, lidC: number, bottomC: number, from = 0): RuleInput[] {
  return Array.from({ length: minutes }, (_, i) => [
    reading("bottom", from + i, bottomC),
    reading("lid", from + i, lidC),
  ]).flat();
}

describe("several probes in one unit", () => {
  const freezer = contextOf("bank-freezer", "hmbana");

  it("judges the warmer probe's reading stamped the same second as the colder one's", () => {
    const { events } = run(freezer, twoProbes(40, -5, -25));
    expect(events.filter((e) => e.kind === "temperature-excursion" && e.phase === "raised")).toHaveLength(1);
    // in the other order too: the cold reading after the warm one does not reset the run
    const swapped = run(freezer, twoProbes(40, -25, -5));
    expect(swapped.events.some((e) => e.kind === "temperature-excursion")).toBe(true);
  });

  it("thaws the bags with the warmer probe's air", () => {
    const inputs: RuleInput[] = [
      reading("bottom", 0, -25),
      { kind: "batch-in", timeMs: T0, batch: bag("b1", 120) },
      ...twoProbes(12 * 60, 8, -25, 1),
    ];
    expect(run(freezer, inputs).thaw("b1").phase).not.toBe("frozen");
  });

  it("forgets a probe that stopped reporting", () => {
    const inputs = [...twoProbes(5, -5, -25), ...twoProbes(60, -25, -25, 5).filter((_, i) => i % 2 === 0)];
    const { events } = run(freezer, inputs);
    expect(events.some((e) => e.kind === "temperature-excursion")).toBe(false);
  });

  it("judges a fridge's low limit by its colder probe", () => {
    const fridge = contextOf("fridge", "hmbana");
    const { events } = run(fridge, twoProbes(60, 4, -1));
    const low = events.find((e) => e.kind === "temperature-excursion" && e.details?.side === "low");
    expect(low?.phase).toBe("raised");
  });

  it("still drops the same probe's reading sent twice", () => {
    const once = run(freezer, twoProbes(40, -5, -25));
    const twice = run(freezer, [...twoProbes(40, -5, -25), reading("lid", 39, 20)]);
    expect(twice.state.now.airC).toBe(once.state.now.airC);
  });
});
