// The engine with the real rules on a real SQLite file: a unit's saved rule state from an older
// version (or a damaged one) is logged and replaced, never a reason to stop judging that unit.
import { afterEach, describe, expect, it } from "vitest";
import { EventBus } from "../../../gateway/bus.js";
import { DOMAIN } from "../../../gateway/engine/domain.js";
import { createEngine } from "../../../gateway/engine/engine.js";
import { createLogger } from "../../../gateway/log.js";
import { Metrics } from "../../../gateway/metrics.js";
import { openSqliteStores } from "../../../gateway/store/open-store.js";
import type { RuleEvent } from "../../../shared/rules/types.js";
import { type TempDir, tempDir } from "../store/temp-store.js";

const T0 = Date.UTC(2026, 10, 1);
const MIN = 60_000;
let dir: TempDir | undefined;

afterEach(() => dir?.remove());

describe("the engine's saved rule state", () => {
  it("replaces a state the rules cannot read, says so, and goes on alerting", () => {
    dir = tempDir();
    const stores = openSqliteStores(dir.path("site.db"));
    const lines: string[] = [];
    const log = createLogger("warn", "engine", (line) => lines.push(line));
    const bus = new EventBus(log);
    const events: RuleEvent[] = [];
    bus.on("ruleEvent", "test", (e) => void events.push(e));
    stores.site.units.put({ id: "f1", name: "Freezer", profileId: "home-freezer", createdAtMs: T0 });
    // what an earlier version saved: not this version's shape
    stores.site.ruleState.put("f1", { airC: -19, batches: {} });
    const profile = DOMAIN.profiles["home-freezer"];
    const ruleSet = DOMAIN.ruleSets["cdc-home"];
    if (!profile || !ruleSet) throw new Error("published profiles missing");
    const engine = createEngine({
      site: stores.site,
      bus,
      clock: { now: () => T0 },
      log,
      rules: DOMAIN.rules,
      metrics: new Metrics(),
      contextFor: (unitId) => ({ unitId, profile, ruleSet }),
    });
    for (let m = 0; m <= 31; m++)
      engine.apply("f1", { kind: "reading", reading: { timeMs: T0 + m * MIN, tempC: -12 } });
    expect(lines.join("\n")).toMatch(/unit f1: its saved rule state was not readable; its rules start over/);
    expect(events.map((e) => [e.kind, e.phase])).toEqual([["temperature-excursion", "raised"]]);
    engine.save();
    expect(stores.site.ruleState.get("f1")).toMatchObject({ now: { airC: -12 } });
    stores.close();
  });
});
