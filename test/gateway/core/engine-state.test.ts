// The engine with the real rules on a real SQLite file: a unit's saved rule state from an older
// version (or a damaged one) is logged and replaced, never a reason to stop judging that unit; a
// storm's thousands of changed units are saved a few hundred a turn of the event loop.
import { afterEach, describe, expect, it } from "vitest";
import { EventBus } from "../../../gateway/bus.js";
import { DOMAIN } from "../../../gateway/engine/domain.js";
import { createEngine, type EngineDeps } from "../../../gateway/engine/engine.js";
import { saveInTurns, tickInTurns } from "../../../gateway/engine/engine-part.js";
import { createLogger, type Logger } from "../../../gateway/log.js";
import { Metrics } from "../../../gateway/metrics.js";
import { openSqliteStores } from "../../../gateway/store/open-store.js";
import type { SiteStore } from "../../../gateway/store/site-store.js";
import { reportStoreHealth } from "../../../gateway/store/store-health-report.js";
import type { RuleEvent } from "../../../shared/rules/types.js";
import { type TempDir, tempDir } from "../store/temp-store.js";

const T0 = Date.UTC(2026, 10, 1);
const MIN = 60_000;
let dir: TempDir | undefined;

afterEach(() => dir?.remove());

/** the engine with the real rules, its clock at T0 unless told otherwise */
function engineOn(
  site: SiteStore,
  bus: EventBus,
  log: Logger,
  contextFor: EngineDeps["contextFor"],
  { now = () => T0, metrics = new Metrics() } = {},
) {
  return createEngine({ site, bus, clock: { now }, log, rules: DOMAIN.rules, metrics, contextFor });
}

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
    const engine = engineOn(stores.site, bus, log, (unitId) => ({ unitId, profile, ruleSet }));
    for (let m = 0; m <= 31; m++)
      engine.apply("f1", { kind: "reading", reading: { timeMs: T0 + m * MIN, tempC: -12 } });
    expect(lines.join("\n")).toMatch(/unit f1: its saved rule state was not readable; its rules start over/);
    expect(events.map((e) => [e.kind, e.phase])).toEqual([["temperature-excursion", "raised"]]);
    engine.save();
    expect(stores.site.ruleState.get("f1")).toMatchObject({ now: { airC: -12 } });
    stores.close();
  });

  it("judges each unit's readings by its own profile, looked up once for each run of them", () => {
    dir = tempDir();
    const stores = openSqliteStores(dir.path("site.db"));
    const log = createLogger("silent", "engine");
    const bus = new EventBus(log);
    const raised: string[] = [];
    bus.on("ruleEvent", "test", (e) => void (e.phase === "raised" && raised.push(`${e.kind} ${e.unitId}`)));
    const ruleSet = DOMAIN.ruleSets["cdc-home"];
    const profileOf: Record<string, string> = { freezer: "home-freezer", fridge: "thawing-fridge" };
    const lookups: string[] = [];
    const engine = engineOn(stores.site, bus, log, (unitId) => {
      lookups.push(unitId);
      const profile = DOMAIN.profiles[profileOf[unitId] ?? ""];
      return profile && ruleSet ? { unitId, profile, ruleSet } : undefined;
    });
    // 4 °C for half an hour: an excursion in a freezer, where a fridge should be
    const at = (unitId: string, from: number, to: number) =>
      Array.from({ length: to - from }, (_, i) => ({
        ...{ deviceId: `${unitId}-probe`, unitId, seq: from + i },
        ...{ timeMs: T0 + (from + i) * MIN, tempC: 4 },
      }));
    engine.readings([...at("freezer", 0, 16), ...at("fridge", 0, 32), ...at("freezer", 16, 32)]);
    expect(raised).toEqual(["temperature-excursion freezer"]);
    expect(lookups).toEqual(["freezer", "fridge", "freezer"]);
    stores.close();
  });

  it("ticks and saves a storm's thousands of units a few hundred a turn, with turns of the event loop between", async () => {
    dir = tempDir();
    const stores = openSqliteStores(dir.path("site.db"));
    const log = createLogger("silent", "engine");
    const profile = DOMAIN.profiles["home-freezer"];
    const ruleSet = DOMAIN.ruleSets["cdc-home"];
    if (!profile || !ruleSet) throw new Error("published profiles missing");
    const metrics = new Metrics();
    let nowMs = T0;
    const engine = engineOn(stores.site, new EventBus(log), log, (unitId) => ({ unitId, profile, ruleSet }), {
      now: () => nowMs,
      metrics,
    });
    const report = reportStoreHealth(stores.health, { log, metrics, waitingReadings: () => 0 });
    const units = Array.from({ length: 1_200 }, (_, i) => `f${i}`);
    for (const id of units) {
      stores.site.units.put({ id, name: id, profileId: "home-freezer", createdAtMs: T0 });
      engine.apply(id, { kind: "reading", reading: { timeMs: T0, tempC: -19 } });
    }
    const saved = () => units.filter((id) => stores.site.ruleState.get(id) !== undefined).length;
    const seenBetween: number[] = [];
    setImmediate(() => seenBetween.push(saved()));
    saveInTurns(engine, report)();
    expect(saved()).toBe(500);
    await expect.poll(saved).toBe(1_200);
    expect(seenBetween).toEqual([500]);
    expect(engine.unsaved()).toEqual([]);

    nowMs += 6 * 60 * MIN; // silent for hours: every unit's state changes
    setImmediate(() => seenBetween.push(engine.unsaved().length));
    tickInTurns(engine, () => units, report)();
    expect(engine.unsaved()).toHaveLength(500);
    await expect.poll(() => engine.unsaved().length).toBe(1_200);
    expect(seenBetween).toEqual([500, 500]);
    stores.close();
  });
});
