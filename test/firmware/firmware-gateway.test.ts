// The built firmware in the Espruino simulation against the REAL gateway (gateway/app.ts build():
// embedded aedes with per-device passwords, ingest, SQLite store, acks by sequence), restarted from
// its data directory like a real one, with the real profiles and rules (a donor's freezer whose air
// stays inside its limit).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Gateway } from "../../gateway/app.js";
import type { StoredReading } from "../../gateway/store/readings-store.js";
import type { Trace } from "../../sim/espruino-globals.js";
import { VirtualClock } from "../../sim/virtual-clock.js";
import { startRealGateway, storedReadings } from "./real-gateway.js";
import {
  BASE_UNIX_S,
  buffered,
  device,
  expectContiguous,
  HOUR,
  MIN,
  minuteTrace,
  samplesSince,
  sim,
  useFirmwareSim,
} from "./sim-harness.js";

useFirmwareSim(["ESP32"]);

let dataDir: string;
let gateway: Gateway | undefined;
let password: string;
let hmacKey: string;

async function startGateway(mqttPort = 0, requireMac = false): Promise<Gateway> {
  gateway = await startRealGateway(dataDir, mqttPort, requireMac);
  return gateway;
}

const stored = (): Promise<StoredReading[]> => storedReadings(gateway as Gateway, "freezer");

beforeEach(async () => {
  sim.clock = new VirtualClock();
  sim.devices = [];
  dataDir = mkdtempSync(join(tmpdir(), "mg-gw-"));
  const gw = await startGateway();
  gw.site.units.put({ id: "freezer", name: "Freezer", profileId: "donor-freezer", createdAtMs: 0 });
  const secrets = gw.devices.create({ id: "freezer-1", unitId: "freezer" }, "test");
  password = secrets.password;
  hmacKey = secrets.hmacKey;
});

afterEach(async () => {
  for (const d of sim.devices) d.powerOff();
  await gateway?.close();
  gateway = undefined;
  rmSync(dataDir, { recursive: true, force: true });
});

describe("firmware against the real gateway", () => {
  it("stores readings equal to the probe trace, in event time", async () => {
    device({ port: gateway?.mqttPort, password }).boot();
    await sim.clock.advance(20 * MIN + 5000);
    await gateway?.ingest.idle();
    const readings = await stored();
    expect(readings.length).toBe(20);
    expectContiguous(readings.map((r) => r.seq));
    for (const r of readings) {
      const minute = r.seq + 1;
      expect(Math.abs(r.timeMs / 1000 - BASE_UNIX_S - 60 * minute)).toBeLessThanOrEqual(1);
      expect(r.tempC).toBe(minuteTrace(60 * minute));
    }
    expect(gateway?.site.devices.get("freezer-1")?.online).toBe(true);
  });

  it("delivers every reading once after the gateway was down 3 hours, and a power cut loses nothing flushed", async () => {
    const port = gateway?.mqttPort as number;
    const d = device({ port, password });
    d.boot();
    await sim.clock.advance(10 * MIN + 5000);
    await gateway?.close();
    await sim.clock.advance(3 * HOUR);
    const lastFlushed = (d.world.storage.api().readJSON("mg.meta") as { seq: number }).seq - 1;
    d.powerOff();
    const rebootMs = sim.clock.nowMs;
    d.boot();
    await startGateway(port);
    await sim.clock.advance(15 * MIN);
    await gateway?.ingest.idle();
    const readings = await stored();
    expectContiguous(readings.map((r) => r.seq));
    expect(readings[0]?.seq).toBe(0);
    expect(readings.filter((r) => r.seq <= lastFlushed).length).toBe(lastFlushed + 1);
    expect(readings.filter((r) => r.seq > lastFlushed).length).toBe(samplesSince(rebootMs));
    for (const r of readings.filter((x) => x.seq <= lastFlushed)) {
      expect(r.tempC).toBe(minuteTrace(60 * (r.seq + 1)));
    }
  });

  it("moves past the sequence numbers the gateway holds after a power cut before a flush", async () => {
    const d = device({ port: gateway?.mqttPort, password });
    d.boot();
    await sim.clock.advance(15 * MIN + 5000);
    await gateway?.ingest.idle();
    const acked = (await stored()).length - 1;
    expect((d.world.storage.api().readJSON("mg.meta") as { seq: number }).seq).toBeLessThanOrEqual(acked);
    d.powerOff();
    const rebootMs = sim.clock.nowMs;
    d.boot();
    await sim.clock.advance(5 * MIN + 5000);
    await gateway?.ingest.idle();
    const readings = await stored();
    expectContiguous(readings.map((r) => r.seq));
    expect(readings.length).toBe(acked + 1 + samplesSince(rebootMs));
    const times = readings.map((r) => r.timeMs);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it("signs readings with the device's key, which a gateway requiring macs verifies", async () => {
    await gateway?.close();
    const gw = await startGateway(0, true);
    device({ port: gw.mqttPort, password }).boot();
    await sim.clock.advance(3 * MIN + 5000);
    await gw.ingest.idle();
    expect(await stored()).toEqual([]);
    sim.devices[0]?.powerOff();
    device({ port: gw.mqttPort, password, overrides: { hmacKey } }).boot();
    await sim.clock.advance(3 * MIN + 5000);
    await gw.ingest.idle();
    expect((await stored()).length).toBeGreaterThanOrEqual(3);
  });

  it("stores an unplugged probe's samples as probe faults, without a temperature, and alerts", async () => {
    const trace: Trace = (t) => (t > 290 && t < 590 ? "unplugged" : minuteTrace(t));
    device({ port: gateway?.mqttPort, password, trace }).boot();
    await sim.clock.advance(12 * MIN + 5000);
    await gateway?.ingest.idle();
    const faults = (await stored()).filter((r) => r.fault !== undefined);
    expect(faults.map((r) => [r.fault, r.tempC])).toEqual([
      ...Array(5).fill(["no_probe", null]),
      ["power_on_85", null],
    ]);
    // the rules raise the probe fault, and clear it at the first good reading after re-plugging
    const alerts = (gateway as Gateway).site.alerts.list({ unitId: "freezer" });
    expect(alerts.map((a) => [a.kind, a.clearedAtMs !== undefined])).toEqual([["probe-fault", true]]);
  });

  it("backs off on a wrong password and keeps buffering", async () => {
    const d = device({ port: gateway?.mqttPort, password: "not-the-password" });
    d.boot();
    await sim.clock.advance(60 * MIN);
    const state = d.state<{ client: { failures: number } }>();
    expect(state.client.failures).toBeGreaterThan(4);
    // full jitter waits half of a 120 s window on average: about 65 attempts; without back-off, 1,800
    expect(state.client.failures).toBeLessThan(120);
    expect(buffered(d).length).toBe(samplesSince(0));
    expect(await stored()).toEqual([]);
  });
});
