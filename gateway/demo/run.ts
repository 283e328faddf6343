// `npm start`'s demo: seeds the demo site, then gives every unit a sensor over real MQTT. A scripted
// sensor first uploads the hours the probe "buffered" (so the charts and alerts show at once: the
// chest freezer failed three hours before the demo began); then the probe runs the real firmware in
// the Espruino simulation, live, reading its scenario's air: the file `npm run build` prebuilt, so the
// gateway needs no compiler. Once the backlogs are stored, a courier trip starts and picks up Anna's
// bags. A part of the gateway (app.ts adds it when demo.enabled), started last, once the gateway
// listens.

import { type SimulatedDevices, startSimulatedDevices } from "../../sim/devices.js";
import { DEMO_FIRMWARE, type Firmware, loadFirmware } from "../../sim/firmware.js";
import type { Gateway } from "../app.js";
import { createBatchActions } from "../engine/batch-actions.js";
import type { Part } from "../part.js";
import { bankFridge, coolBox, doorOpenedFreezer, failingFreezer, healthyFreezer } from "./scenarios.js";
import {
  DEMO_UNITS,
  type DemoScenario,
  demoDeviceId,
  demoDevicePassword,
  seedBags,
  seedSite,
} from "./seed.js";
import { type Sensor, startSensor } from "./sensor.js";

const HOUR = 3_600_000;
/** how much history a first start uploads */
const BACKLOG_MS = 6 * HOUR;
const BACKLOG_INTERVAL_S = 60;

export function demoPart(gw: Gateway): Part {
  let stopDemo: (() => Promise<void>) | undefined;
  return {
    name: "demo",
    start: async () => {
      stopDemo = await startDemo(gw, gw.config.demo.liveIntervalS);
    },
    stop: async () => {
      await stopDemo?.();
      stopDemo = undefined;
    },
  };
}

/** `liveIntervalS`: seconds between live readings; returns how to stop it */
async function startDemo(gw: Gateway, liveIntervalS: number): Promise<() => Promise<void>> {
  const { site, clock } = gw;
  // before anything is seeded: a checkout that was never built says so at once
  const firmware = loadFirmware(DEMO_FIRMWARE);
  const units = await seedSite(
    site,
    clock,
    (profileId) => gw.catalog.profile(profileId)?.intervalS.value ?? 60,
  );
  const seededAtMs = Math.min(...units.map((u) => u.createdAtMs));
  const historyFromMs = seededAtMs - BACKLOG_MS;
  // Bags went in before the history the sensors upload, so the rules see them from the start.
  const backdated = createBatchActions({
    site,
    bus: gw.bus,
    clock: { now: () => historyFromMs - 60_000 },
    engine: gw.engine,
  });
  seedBags(site, backdated, historyFromMs - 60_000);

  const sensors: Sensor[] = [];
  for (const unit of DEMO_UNITS) {
    const deviceId = demoDeviceId(unit.id);
    const latest = await gw.readings.latest(unit.id);
    sensors.push(
      await startSensor({
        brokerUrl: `mqtt://127.0.0.1:${gw.mqttPort}`,
        prefix: gw.config.mqtt.prefix,
        deviceId,
        password: demoDevicePassword(unit.id),
        airC: trace(unit.scenario, seededAtMs),
        backlogFromMs: latest ? latest.timeMs + BACKLOG_INTERVAL_S * 1000 : historyFromMs,
        backlogIntervalS: BACKLOG_INTERVAL_S,
        liveIntervalS: 0,
        firstSeq: (site.devices.get(deviceId)?.ackedUpTo ?? -1) + 1,
        now: () => clock.now(),
      }),
    );
  }
  await startTripOnceStored(gw, sensors);
  const devices = await handOverToFirmware(gw, firmware, sensors, seededAtMs, liveIntervalS);
  return async () => {
    await Promise.all(sensors.map((s) => s.stop()));
    await Promise.all(devices.map((f) => f.stop()));
  };
}

/**
 * Once their history is in, every unit's probe runs the real firmware in the Espruino simulation
 * (sim/), live and in real time, over MQTT like a board would, reading its scenario's air.
 */
async function handOverToFirmware(
  gw: Gateway,
  firmware: Firmware,
  sensors: Sensor[],
  seededAtMs: number,
  liveIntervalS: number,
): Promise<SimulatedDevices[]> {
  const running: SimulatedDevices[] = [];
  for (const unit of DEMO_UNITS) {
    const deviceId = demoDeviceId(unit.id);
    await sensors.find((s) => s.deviceId === deviceId)?.stop();
    const credentials = { deviceId, username: deviceId, password: demoDevicePassword(unit.id) };
    running.push(
      await startSimulatedDevices({
        count: 1,
        firmware,
        airC: trace(unit.scenario, seededAtMs),
        intervalS: liveIntervalS,
        brokerUrl: `mqtt://127.0.0.1:${gw.mqttPort}`,
        prefix: gw.config.mqtt.prefix,
        credentials: () => credentials,
      }),
    );
  }
  return running;
}

function trace(scenario: DemoScenario, seededAtMs: number): (timeMs: number) => number {
  switch (scenario) {
    case "healthy":
      return healthyFreezer;
    case "door-opened":
      return doorOpenedFreezer;
    case "failing":
      return failingFreezer(seededAtMs - 3 * HOUR);
    case "bank-fridge":
      return bankFridge;
    case "cool-box":
      return coolBox(seededAtMs);
  }
}

/** The courier's round, once: after the backlogs are in, so every move follows the readings before it. */
async function startTripOnceStored(gw: Gateway, sensors: Sensor[]): Promise<void> {
  const { site } = gw;
  if (site.trips.list().length > 0) return;
  await waitForBacklogs(gw, sensors);
  const courier = site.users.byName("courier");
  const anna = site.users.byName("anna");
  if (!courier || !anna) return;
  const trip = gw.trips.start({ courierId: courier.id, boxUnitId: "cool-box-1" }, courier.id);
  const bags = site.batches.list({ unitId: "anna-freezer" }).slice(0, 2);
  gw.trips.pickup(trip.id, { donorId: anna.id, batchIds: bags.map((b) => b.id) }, courier.id);
}

async function waitForBacklogs(gw: Gateway, sensors: Sensor[]): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && sensors.some((s) => s.pending() > 1)) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await gw.ingest.idle();
}
