// Bags through the engine on a real SQLite file: registered into a unit's rules, moved with their
// thaw state carried from unit to unit, discarded with a reason, every step recorded and audited,
// and the rules' state resumed after a restart.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { build, type Gateway } from "../../../gateway/app.js";
import { validateConfig } from "../../../gateway/config/load.js";
import { DOMAIN, knownIds } from "../../../gateway/engine/domain.js";
import type { Batch } from "../../../gateway/store/records.js";
import { quiet, removeDir } from "./ingest-rig.js";

let gateways: Gateway[] = [];
const dirs: string[] = [];

async function start(dataDir = mkdtempSync(join(tmpdir(), "mg-batches-"))): Promise<Gateway> {
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
  const gw = await build({ config: loaded.config, domain: DOMAIN, log: quiet });
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
