// startSimulatedDevices: N copies of the built firmware, each with its own id, credentials and flash,
// in real time sped up, all delivering to one broker.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { exampleFirmware } from "../../scripts/build-firmware.js";
import { type SimulatedDevices, startSimulatedDevices } from "../../sim/devices.js";
import { FirmwareGateway } from "./sim-gateway.js";

let sim: SimulatedDevices | undefined;
let gateway: FirmwareGateway | undefined;

afterEach(async () => {
  await sim?.stop();
  await gateway?.stop();
  if (gateway) rmSync(gateway.o.dataDir, { recursive: true, force: true });
});

it("runs 20 simulated devices that all deliver their readings", async () => {
  const count = 20;
  const passwords: Record<string, string> = {};
  for (let i = 1; i <= count; i++) passwords[`sim-${i}`] = `pw-${i}`;
  const started = Date.now() / 1000;
  let clockMs = () => 0;
  gateway = new FirmwareGateway({
    dataDir: mkdtempSync(join(tmpdir(), "mg-sim-")),
    nowMs: () => started * 1000 + clockMs(),
    passwords,
    sendConfig: true,
  });
  await gateway.start();
  const running = await startSimulatedDevices({
    count,
    firmware: await exampleFirmware("ESP32"),
    scenario: "freezer",
    brokerUrl: `mqtt://127.0.0.1:${gateway.port}`,
    credentials: (i) => ({ deviceId: `sim-${i + 1}`, username: `sim-${i + 1}`, password: `pw-${i + 1}` }),
    speed: 60,
  });
  sim = running;
  clockMs = () => running.clock.nowMs;
  const allDelivered = () => Object.keys(passwords).every((id) => gateway?.readings(id).length);
  await expect.poll(allDelivered, { timeout: 30_000, interval: 200 }).toBe(true);
  expect(gateway.refused).toBe(0);
  expect(gateway.rejected).toEqual([]);
});
