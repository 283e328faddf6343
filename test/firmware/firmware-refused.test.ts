// The built firmware in the Espruino simulation against the real gateway, when the gateway refuses
// its readings: the gateway's clock is put back a day (it was wrong, and was corrected), so the
// device's readings, stamped by the clock it synced before, lie a day in the future. The gateway
// quarantines them and acks them as refused; the device forgets them all the same, counts them, and
// stays within its variables; nothing is stored at a made-up time.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { describeVisit } from "../../firmware/relay/relay.js";
import type { Gateway } from "../../gateway/app.js";
import { VirtualClock } from "../../sim/virtual-clock.js";
import { startRealGateway, storedReadings } from "./real-gateway.js";
import { buffered, device, MIN, sim, useFirmwareSim } from "./sim-harness.js";

useFirmwareSim(["ESP32", "ESP8266"]);

const DAY = 24 * 60 * MIN;
let dataDir: string;
let gateway: Gateway;
let password: string;
let shiftMs = 0;

beforeEach(async () => {
  sim.clock = new VirtualClock();
  sim.devices = [];
  shiftMs = 0;
  dataDir = mkdtempSync(join(tmpdir(), "mg-fw-refused-"));
  gateway = await startRealGateway(dataDir, 0, false, () => shiftMs);
  gateway.site.units.put({ id: "freezer", name: "Freezer", profileId: "donor-freezer", createdAtMs: 0 });
  password = gateway.devices.create({ id: "freezer-1", unitId: "freezer" }, "test").password;
});

afterEach(async () => {
  for (const d of sim.devices) d.powerOff();
  await gateway.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("readings the gateway refuses", () => {
  it.each(["ESP32", "ESP8266"])(
    "%s forgets them by the ack, counts them, and they wait in the quarantine",
    async (board) => {
      const d = device({ port: gateway.mqttPort, password, board });
      d.boot();
      await sim.clock.advance(10 * MIN + 5000);
      await gateway.ingest.idle();
      expect(await storedReadings(gateway, "freezer")).toHaveLength(10);

      shiftMs = -DAY;
      await sim.clock.advance(5 * MIN);
      await gateway.ingest.idle();
      await sim.clock.advance(5000);
      const refused = gateway.site.quarantine.list({ deviceId: "freezer-1" });
      expect(refused.map((q) => [q.seq, q.reason])).toEqual(
        [10, 11, 12, 13, 14].map((s) => [s, "future_time"]),
      );
      expect(await storedReadings(gateway, "freezer")).toHaveLength(10);
      expect(buffered(d)).toEqual([]);
      expect(d.state<{ uplink: { refused: number } }>().uplink.refused).toBe(5);
    },
  );

  it("a BLE relay's visit line says how many the gateway refused", () => {
    const visit = { deviceId: "coolbox-1", ok: true, delivered: 20, refused: 3, ackedUpTo: 19 };
    expect(describeVisit(visit)).toBe(
      "coolbox-1: 20 readings delivered (3 refused by the gateway: see its quarantine), the Puck forgot up to #19",
    );
  });
});
