// Two probes in one chest freezer, over real MQTT to the real gateway: readings stamped the same
// second by each are both stored and both judged (the warm one at the lid raises the excursion).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import type { Gateway } from "../../../gateway/app.js";
import { connectDevice, readingsMessage, startGateway } from "./gateway-rig.js";
import { removeDir } from "./ingest-rig.js";

let gw: Gateway | undefined;
const dir = mkdtempSync(join(tmpdir(), "mg-probes-"));

afterEach(async () => {
  await gw?.close();
  removeDir(dir);
});

it("judges both probes' readings stamped the same second", async () => {
  const gateway = await startGateway(dir);
  gw = gateway;
  gateway.site.units.put({ id: "chest", name: "Chest freezer", profileId: "bank-freezer", createdAtMs: 0 });
  const bottom = await connectDevice(gateway, "chest-bottom", "chest");
  const lid = await connectDevice(gateway, "chest-lid", "chest");
  const nowS = Math.floor(Date.now() / 1000);
  const minutes = Array.from({ length: 45 }, (_, i) => nowS - (45 - i) * 60);
  // the bottom probe's message arrives first each time, so the lid's is the "same second" one
  await bottom.publishAsync(
    "milkguard/chest-bottom/readings",
    readingsMessage(
      0,
      minutes.map((t): [number, number] => [t, -25]),
    ),
    { qos: 1 },
  );
  await lid.publishAsync(
    "milkguard/chest-lid/readings",
    readingsMessage(
      0,
      minutes.map((t): [number, number] => [t, -8]),
    ),
    { qos: 1 },
  );
  await Promise.all([bottom.endAsync(), lid.endAsync()]);
  await gateway.ingest.idle();

  const stored = await gateway.readings.range({ unitId: "chest", fromMs: 0, toMs: Date.now() + 1 });
  expect(stored).toHaveLength(90);
  expect(gateway.engine.conditions("chest").excursion).toBe("critical");
  expect(gateway.site.alerts.list({ unitId: "chest" }).map((a) => a.kind)).toEqual(["temperature-excursion"]);
  expect(gateway.metrics.total("milkguard_readings_not_judged_total")).toBe(0);
});
