// Bags through the engine on a real SQLite file: registered into a unit's rules, moved with their
// thaw state carried from unit to unit, discarded with a reason, every step recorded and audited,
// and the rules' state resumed after a restart. Over real MQTT: a bag going into a unit in alarm, and
// a courier's box whose readings arrive after the hand-over.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { build, type Gateway } from "../../../gateway/app.js";
import type { Clock } from "../../../gateway/clock.js";
import { validateConfig } from "../../../gateway/config/load.js";
import { DOMAIN, knownIds } from "../../../gateway/engine/domain.js";
import type { Batch } from "../../../gateway/store/records.js";
import { connectDevice, readingsMessage } from "./gateway-rig.js";
import { quiet, removeDir } from "./ingest-rig.js";

let gateways: Gateway[] = [];
const dirs: string[] = [];

async function start(dataDir = mkdtempSync(join(tmpdir(), "mg-batches-")), clock?: Clock): Promise<Gateway> {
  if (!dirs.includes(dataDir)) dirs.push(dataDir);
  const units = [
    { id: "home", name: "Home freezer", profile: "donor-freezer" },
    { id: "box", name: "Cool box", profile: "cool-box" },
    { id: "bank", name: "Bank freezer", profile: "bank-freezer" },
  ];
  const loaded = validateConfig(
    {
      dataDir,
      units,
      mqtt: { host: "127.0.0.1", port: 0 },
      http: { host: "127.0.0.1", port: 0 },
      log: { level: "silent" },
    },
    knownIds(DOMAIN),
  );
  if (!loaded.ok) throw new Error(loaded.errors.join("\n"));
  const gw = await build({ config: loaded.config, domain: DOMAIN, log: quiet, ...(clock ? { clock } : {}) });
  await gw.start();
  gateways.push(gw);
  return gw;
}

afterEach(async () => {
  for (const gw of gateways) await gw.close();
  gateways = [];
  for (const d of dirs.splice(0)) removeDir(d);
});

const newBag = {
  label: "Bag 1",
  unitId: "home",
  volumeMl: 120,
  container: "flat-bag",
  expressedAtMs: Date.now() - 86_400_000,
  purpose: "donation",
  processing: "raw",
} as const;

describe("bags through the engine", () => {
  it("moves a bag freezer -> cool box -> bank freezer with its thaw state, each move recorded and audited", async () => {
    const gw = await start();
    const announced: Batch[] = [];
    gw.bus.on("batch", "test", (b) => void announced.push(b));
    const bag = gw.batches.register(newBag, "anna");
    expect(bag.unitId).toBe("home");
    expect(gw.engine.batchThaw("home", bag.id)).toEqual(bag.thaw);
    const inBox = gw.batches.move(bag.id, "box", "chris", "picked up");
    expect(inBox.thaw).toEqual(bag.thaw);
    expect(gw.engine.batchThaw("home", bag.id)).toBeUndefined();
    expect(gw.engine.batchThaw("box", bag.id)).toEqual(bag.thaw);
    gw.batches.move(bag.id, "bank", "sam");
    expect(gw.site.batches.moves(bag.id).map((m) => [m.fromUnitId, m.toUnitId, m.by])).toEqual([
      [null, "home", "anna"],
      ["home", "box", "chris"],
      ["box", "bank", "sam"],
    ]);
    const actions = gw.site.audit.list({ subject: `batch:${bag.id}` }).map((e) => e.action);
    expect(actions.sort()).toEqual(["batch.moved", "batch.moved", "batch.registered"]);
    expect(announced.map((b) => b.unitId)).toEqual(["home", "box", "bank"]);
  });

  it("saves the rule state of the units a bag left and went into, not of every changed unit", async () => {
    const gw = await start();
    const bag = gw.batches.register(newBag, "anna");
    // another unit's state changed since the last save, as thousands do in a reconnect storm
    gw.engine.apply("bank", { kind: "reading", reading: { timeMs: Date.now(), tempC: -20 } });
    gw.batches.move(bag.id, "box", "chris");
    expect(gw.engine.unsaved()).toEqual(["bank"]);
    expect(gw.site.ruleState.get("box")).toBeDefined();
  });

  it("refuses a move to an unknown unit or where the bag already is, and a discard without a reason", async () => {
    const gw = await start();
    const bag = gw.batches.register(newBag, "anna");
    expect(() => gw.batches.move(bag.id, "nowhere", "sam")).toThrow(/unit 'nowhere' does not exist/);
    expect(() => gw.batches.move(bag.id, "home", "sam")).toThrow(/already there/);
    expect(() => gw.batches.discard(bag.id, "sam", "  ")).toThrow(/reason/);
    expect(() => gw.batches.register({ ...newBag, volumeMl: 0 }, "anna")).toThrow(/volumeMl/);
    const discarded = gw.batches.discard(bag.id, "sam", "power cut: thawed and refrozen");
    expect(discarded).toMatchObject({
      unitId: null,
      thaw: { phase: "discard", discardReason: "power cut: thawed and refrozen" },
    });
    expect(gw.engine.batchThaw("home", bag.id)).toBeUndefined();
  });

  it("resumes each unit's rule state after a restart", async () => {
    const first = await start();
    const bag = first.batches.register(newBag, "anna");
    const dir = first.config.dataDir;
    await first.close();
    gateways = [];
    const second = await start(dir);
    expect(second.site.ruleState.get("home")).toBeDefined();
    expect(second.engine.batchThaw("home", bag.id)).toEqual(bag.thaw);
    second.batches.move(bag.id, "box", "chris");
    expect(second.site.batches.get(bag.id)?.unitId).toBe("box");
  });
});

const MIN = 60_000;
const HOUR = 60 * MIN;
/** the gateway's clock for the MQTT tests: a device's readings are placed by it */
const T0 = Date.UTC(2026, 10, 20, 6, 0, 0);

class TestClock implements Clock {
  ms = T0;
  now(): number {
    return this.ms;
  }
}

/**
 * A new device of the unit sends its readings over MQTT, in bounded batches as the firmware sends a
 * backlog; resolves once they are stored and judged.
 */
async function upload(
  gw: Gateway,
  deviceId: string,
  unitId: string,
  points: [number, number][],
): Promise<void> {
  const device = await connectDevice(gw, deviceId, unitId);
  for (let i = 0; i < points.length; i += 100) {
    const batch = points.slice(i, i + 100).map(([ms, c]): [number, number] => [ms / 1000, c]);
    await device.publishAsync(`milkguard/${deviceId}/readings`, readingsMessage(i, batch), { qos: 1 });
  }
  await device.endAsync();
  await gw.ingest.idle();
}

/** one reading a minute from `fromMs` for `minutes`, at the air `airC(minute)` gives */
const minutely = (fromMs: number, minutes: number, airC: (minute: number) => number): [number, number][] =>
  Array.from({ length: minutes }, (_, i) => [fromMs + i * MIN, airC(i)]);

describe("over MQTT, with the gateway's clock set", () => {
  it("warns when a bag goes into a unit in alarm: a new bag at the unit's air, a moved one warms with it", async () => {
    const clock = new TestClock();
    const gw = await start(undefined, clock);
    // the bank freezer has been at +9.6 C for an hour: past its 30 min alarm delay
    clock.ms = T0 + HOUR;
    await upload(
      gw,
      "bank-probe",
      "bank",
      minutely(T0, 61, () => 9.6),
    );
    expect(gw.engine.conditions("bank").excursion).toBe("critical");

    const registered = gw.batches.register(
      { ...newBag, expressedAtMs: T0 - 86_400_000, unitId: "bank" },
      "sam",
    );
    expect(registered.thaw).toMatchObject({ phase: "fresh", milkTempC: 9.6, iceFraction: 0 });
    expect(registered.warnings).toEqual([
      "Bank freezer is in alarm (critical: its air is outside its limits): it is recorded at the unit's air, never frozen (milk 9.6 °C). Put the bag in a unit whose air is within its limits.",
    ]);

    const bag = gw.batches.register({ ...newBag, expressedAtMs: T0 - 86_400_000 }, "anna");
    expect(bag.warnings).toEqual([]);
    const moved = gw.batches.move(bag.id, "bank", "sam");
    expect(moved.warnings[0]).toMatch(
      /^Bank freezer is in alarm \(critical.*it goes in frozen .* and will follow/,
    );
    const audit = gw.site.audit.list({ subject: `batch:${bag.id}` }).find((e) => e.action === "batch.moved");
    expect(audit?.details).toMatchObject({ to: "bank", unitInAlarm: "critical" });
    const registeredAudit = gw.site.audit.list({ subject: `batch:${registered.id}` })[0];
    expect(registeredAudit?.details).toMatchObject({ unitInAlarm: "critical", phase: "fresh" });

    // the bag's state follows the unit's air from then on: two more hours at +9.6 C and it softens
    clock.ms = T0 + 3 * HOUR;
    await upload(
      gw,
      "bank-probe-2",
      "bank",
      minutely(T0 + 61 * MIN, 120, () => 9.6),
    );
    const after = gw.engine.batchThaw("bank", bag.id);
    expect(after?.milkTempC).toBeGreaterThan(moved.thaw.milkTempC);
    expect(after?.phase).toBe("partially-thawed");
  });

  it("hands over a box with no readings as provisional review, then judges the milk when its 4 h backlog arrives", async () => {
    const clock = new TestClock();
    const gw = await start(undefined, clock);
    const anna = { ...newBag, donorId: "anna", expressedAtMs: T0 - 86_400_000 };
    const bags = [
      gw.batches.register({ ...anna, label: "Small bag", volumeMl: 60 }, "anna"),
      gw.batches.register({ ...anna, label: "Bottle", volumeMl: 250, container: "bottle" }, "anna"),
    ];
    const trip = gw.trips.start({ courierId: "chris", boxUnitId: "box" }, "chris");
    clock.ms = T0 + 5 * MIN;
    gw.trips.pickup(trip.id, { donorId: "anna", batchIds: bags.map((b) => b.id) }, "chris");
    // out of network reach all round: the box's probe keeps its readings
    clock.ms = T0 + 4 * HOUR;
    const handed = await gw.trips.handOver(trip.id, "chris");
    expect(handed.report).toMatchObject({
      verdict: "review",
      provisional: true,
      version: 1,
      gaps: [{ fromMs: T0, toMs: T0 + 4 * HOUR }],
      reasons: [
        "no readings of the box's air for the whole trip yet: whether the milk kept its ice is not known",
      ],
    });
    expect(handed.report.batches.map((b) => b.phase)).toEqual(["frozen", "frozen"]);
    // staff decide before the readings are in only with a reason, and the decision names the version
    expect(() => gw.trips.receive(trip.id, "accepted", " ", "sam")).toThrow(
      /comment: the report is provisional/,
    );
    gw.trips.receive(trip.id, "accepted", "bags felt hard at the door", "sam");

    // two hours later, in the bank's network: the box uploads its 4 h, ice packs spent after 1 h 30
    clock.ms = T0 + 6 * HOUR;
    await upload(
      gw,
      "box-probe",
      "box",
      minutely(T0, 241, (m) => (m < 90 ? -20 : 10)),
    );
    // each batch of the backlog computes the report again; a version is kept each time it changed
    await vi.waitFor(() => expect(gw.site.trips.get(trip.id)?.report?.provisional).toBe(false), {
      timeout: 5000,
    });
    const after = gw.site.trips.get(trip.id);
    expect(after?.report).toMatchObject({
      verdict: "reject",
      gaps: [],
      computedAtMs: T0 + 6 * HOUR,
      maxC: 10,
    });
    expect(after?.report?.reasons).toEqual(["Small bag: thawed completely"]);
    expect(after?.report?.batches.map((b) => b.phase)).toEqual(["thawed", "partially-thawed"]);
    const versions = [...(after?.earlierReports ?? []), ...(after?.report ? [after.report] : [])];
    expect(versions.map((r) => r.version)).toEqual(versions.map((_, i) => i + 1));
    expect(versions[0]).toMatchObject({ verdict: "review", provisional: true, computedAtMs: T0 + 4 * HOUR });
    expect(after?.reception).toMatchObject({ decision: "accepted", reportVersion: 1 });
    const audit = gw.site.audit.list({ subject: `trip:${trip.id}` }).map((e) => [e.action, e.actor]);
    expect(audit).toContainEqual(["trip.report-recomputed", "gateway"]);
    // the readings cover the trip now: the report is final, and more of them change nothing
    await upload(
      gw,
      "box-probe-2",
      "box",
      minutely(T0 + 30 * MIN, 5, () => -20),
    );
    expect(gw.site.trips.get(trip.id)?.report?.version).toBe(after?.report?.version);
  });
});
