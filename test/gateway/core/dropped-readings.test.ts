// A device whose flash filled while it could not send drops its oldest readings and says how many
// in all (`drop`): the gateway keeps the total on the device, counts what is new, and warns.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import type { Gateway } from "../../../gateway/app.js";
import { connectDevice, startGateway } from "./gateway-rig.js";
import { removeDir } from "./ingest-rig.js";

let gw: Gateway | undefined;
const dir = mkdtempSync(join(tmpdir(), "mg-dropped-"));

afterEach(async () => {
  await gw?.close();
  removeDir(dir);
});

it("keeps the device's count of dropped readings and counts each new one once", async () => {
  const gateway = await startGateway(dir);
  gw = gateway;
  gateway.site.units.put({ id: "box", name: "Cool box", profileId: "cool-box", createdAtMs: 0 });
  const client = await connectDevice(gateway, "box-probe", "box");
  const nowS = Math.floor(Date.now() / 1000);
  const send = (s: number, drop: number) =>
    client.publishAsync(
      "milkguard/box-probe/readings",
      JSON.stringify({ v: 1, boot: 1, up: 1, drop, r: [{ s, t: nowS - 60 + s, c: -20 }] }),
      { qos: 1 },
    );
  await send(0, 12);
  await send(1, 12); // the same total again: nothing new
  await send(2, 20);
  await client.endAsync();
  await gateway.ingest.idle();
  gateway.ingest.flushDevices();

  expect(gateway.metrics.total("milkguard_readings_dropped_by_devices_total")).toBe(20);
  expect(gateway.site.devices.get("box-probe")?.droppedReadings).toBe(20);
});
