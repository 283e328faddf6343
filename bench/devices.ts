// The real firmware at scale: 100 simulated devices (the built ESP8266 upload file in the Espruino
// simulation, one each) against the real gateway over MQTT, one simulated hour in a real minute.
// Prints what arrived against what was sampled, the wall time, and each device's memory estimate.
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { hashDeviceSecret } from "../gateway/devices/secret.js";
import { exampleFirmware } from "../scripts/build-firmware.js";
import { startSimulatedDevices } from "../sim/devices.js";
import { startBenchGateway } from "./bench-gateway.js";

const DEVICES = 100;
const SPEED = 60;
const SIMULATED_MIN = 30;
const PASSWORD = "bench-device";
const BOARD = "ESP8266";

export async function run(): Promise<Record<string, string | number>> {
  // the gateway keeps the simulation's time, sped up as the devices are (it refuses future readings)
  const startedAtMs = Date.now();
  let simulatedMs = () => 0;
  const { gw, remove } = await startBenchGateway({ now: () => startedAtMs + simulatedMs() });
  const secretHash = hashDeviceSecret(PASSWORD);
  gw.site.transaction(() => {
    for (let i = 1; i <= DEVICES; i++) {
      gw.site.units.put({
        id: `unit-${i}`,
        name: `Freezer ${i}`,
        profileId: "donor-freezer",
        createdAtMs: 0,
      });
      gw.site.devices.put({
        id: `sim-${i}`,
        unitId: `unit-${i}`,
        secretHash,
        intervalS: 60,
        online: false,
        ackedUpTo: -1,
        createdAtMs: 0,
      });
    }
  });
  const started = performance.now();
  const sim = await startSimulatedDevices({
    count: DEVICES,
    scenario: "freezer",
    firmware: await exampleFirmware(BOARD),
    brokerUrl: `mqtt://127.0.0.1:${gw.mqttPort}`,
    credentials: (i) => ({ deviceId: `sim-${i + 1}`, username: `sim-${i + 1}`, password: PASSWORD }),
    speed: SPEED,
  });
  simulatedMs = () => sim.clock.nowMs;
  try {
    const builtMs = performance.now() - started;
    while (sim.clock.nowMs < SIMULATED_MIN * 60_000) await new Promise((r) => setTimeout(r, 200));
    const simulatedS = sim.clock.nowMs / 1000;
    await new Promise((r) => setTimeout(r, 2000));
    await gw.ingest.idle();
    let stored = 0;
    for (let i = 1; i <= DEVICES; i++)
      stored += (await gw.readings.range({ unitId: `unit-${i}`, fromMs: 0, toMs: 4e12 })).length;
    // the modelled peak (sim/memory.ts, calibrated on the real interpreter), not the steady state
    const memory = sim.devices.map((d) => d.peakVars);
    return {
      [`devices: ${DEVICES} ${BOARD} firmware files in the simulation, simulated minutes`]: Math.round(
        simulatedS / 60,
      ),
      "devices: wall seconds (including the build)": Number(
        ((performance.now() - started) / 1000).toFixed(1),
      ),
      "devices: firmware build and boot, ms": Math.round(builtMs),
      "devices: readings stored": stored,
      "devices: readings per device per simulated minute (1 a minute expected, first after boot dropped)":
        Number((stored / DEVICES / (simulatedS / 60)).toFixed(2)),
      "devices: Espruino variables at the peak per device, max (ESP8266 has 1,600)": Math.max(...memory),
    };
  } finally {
    await sim.stop();
    await gw.close();
    remove();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) console.table(await run());
