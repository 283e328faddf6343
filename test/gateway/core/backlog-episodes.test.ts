// A donor freezer out of reach for 30 days whose air hovered around its -18 C limit, uploaded at once
// over real MQTT to the real gateway: a handful of alerts (one per episode) and one summary notice,
// not one "now" notice per crossing.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import type { Notice } from "../../../gateway/alerts/backlog-summary.js";
import type { Gateway } from "../../../gateway/app.js";
import { MAX_READINGS_PER_BATCH } from "../../../shared/protocol/limits.js";
import { hoveringFreezer } from "../../shared/trace.js";
import { connectDevice, readingsMessage, startGateway } from "./gateway-rig.js";
import { removeDir } from "./ingest-rig.js";

const DAYS = 30;
let gw: Gateway | undefined;
const dir = mkdtempSync(join(tmpdir(), "mg-backlog-"));

afterEach(async () => {
  await gw?.close();
  removeDir(dir);
});

it("turns a 30-day hovering backlog into a handful of episodes and one summary notice", async () => {
  const gateway = await startGateway(dir);
  gw = gateway;
  const notices: Notice[] = [];
  gateway.bus.on("notify", "test", (n) => void notices.push(n));
  gateway.site.units.put({ id: "donor", name: "Donor freezer", profileId: "donor-freezer", createdAtMs: 0 });
  const client = await connectDevice(gateway, "donor-probe", "donor");

  const start = Date.now() - DAYS * 24 * 3600_000;
  const points = hoveringFreezer(DAYS, start).map((r): [number, number] => [
    Math.floor(r.timeMs / 1000),
    r.tempC ?? 0,
  ]);
  for (let i = 0; i < points.length; i += MAX_READINGS_PER_BATCH) {
    const message = readingsMessage(i, points.slice(i, i + MAX_READINGS_PER_BATCH));
    await client.publishAsync("milkguard/donor-probe/readings", message, { qos: 1 });
  }
  await client.endAsync();
  await gateway.ingest.idle();

  const alerts = gateway.site.alerts.list({ unitId: "donor" });
  const crossings = alerts.flatMap((a) => a.history ?? []).filter((h) => h.change !== "cleared");
  expect(crossings.length).toBeGreaterThan(40);
  expect(alerts.length).toBeLessThan(crossings.length / 3);
  await expect.poll(() => notices.length).toBeGreaterThan(0);
  expect(notices).toHaveLength(1);
  expect(notices[0]?.summary).toMatch(/^While the sensor was out of reach: \d+ temperature excursions/);
});
