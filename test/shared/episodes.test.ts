// An alert is one episode of a condition: a freezer hovering at its limit crosses it again and again,
// and each crossing back within the re-arm window belongs to the episode already announced.
import { describe, expect, it } from "vitest";
import { EPISODE_REARM_MS } from "../../shared/rules/limits.js";
import { contextOf, hoveringFreezer, run } from "./trace.js";

describe("alert episodes", () => {
  const ctx = contextOf("donor-freezer", "nice-ukamb");
  const { events } = run(
    ctx,
    hoveringFreezer().map((reading) => ({ kind: "reading", reading })),
  );
  const excursions = events.filter((e) => e.kind === "temperature-excursion");
  const raised = excursions.filter((e) => e.phase === "raised");
  const episodes = [...new Set(raised.map((e) => e.key))];

  it("gives one alert per episode, not one per crossing", () => {
    expect(raised.length).toBeGreaterThan(40); // the air crossed the limit this often
    expect(episodes.length).toBeLessThan(raised.length / 3);
  });

  it("starts a new episode only after the condition stayed clear for the re-arm window", () => {
    for (const key of episodes.slice(1)) {
      const firstRaise = raised.find((e) => e.key === key) as (typeof raised)[number];
      const lastClear = excursions
        .filter((e) => e.phase === "cleared" && e.timeMs < firstRaise.timeMs)
        .at(-1);
      expect(lastClear).toBeDefined();
      expect(firstRaise.timeMs - (lastClear?.timeMs ?? 0)).toBeGreaterThan(EPISODE_REARM_MS);
    }
  });
});
