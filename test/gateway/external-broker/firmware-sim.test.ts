// The simulated firmware (sim/, the built Espruino upload file) publishes through Debian's
// Mosquitto with per-device passwords; the gateway's ingest, connected through the external link,
// stores every device's readings and its acks reach the devices through the same broker.
import { join } from "node:path";
import mqtt from "mqtt";
import { afterEach, expect, it } from "vitest";
import { EventBus } from "../../../gateway/bus.js";
import { deviceConfigText } from "../../../gateway/ingest/device-config.js";
import { createIngest } from "../../../gateway/ingest/ingest.js";
import { createLogger } from "../../../gateway/log.js";
import { Metrics } from "../../../gateway/metrics.js";
import { connectExternalBroker } from "../../../gateway/mqtt-external/external-link.js";
import { openSqliteStores } from "../../../gateway/store/open-store.js";
import { exampleFirmware } from "../../../scripts/build-firmware.js";
import { decodeAck } from "../../../shared/protocol/codec.js";
import { type SimulatedDevices, startSimulatedDevices } from "../../../sim/devices.js";
import { startMosquitto } from "../../servers/mosquitto.js";
import { tempDir } from "../../servers/process.js";

const log = createLogger("silent");
const closers: (() => unknown)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

it("simulated devices deliver through Mosquitto, the gateway stores and acks every one", async () => {
  const ids = Array.from({ length: 5 }, (_, i) => `sim-${i + 1}`);
  const passwords: Record<string, string> = { "milkguard-gateway": "gw-secret", watcher: "w" };
  for (const id of ids) passwords[id] = `pw-${id}`;
  const broker = await startMosquitto({ passwords });
  closers.push(() => broker.close());
  const dir = tempDir("sim-external");
  const stores = openSqliteStores(join(dir.path, "milkguard.db"));
  closers.push(
    () => dir.remove(),
    () => stores.close(),
  );
  for (const id of ids) {
    stores.site.devices.put({
      id,
      unitId: `unit-${id}`,
      secretHash: "x",
      intervalS: 60,
      online: false,
      ackedUpTo: -1,
      createdAtMs: 0,
    });
  }

  const started = Date.now();
  let simulatedMs = () => 0;
  const clock = { now: () => started + simulatedMs() };
  const link = await connectExternalBroker({
    url: broker.url,
    prefix: "milkguard",
    clientId: "gw-1",
    username: "milkguard-gateway",
    password: "gw-secret",
    log,
  });
  closers.push(() => link.close());
  const ingest = createIngest({
    prefix: "milkguard",
    link,
    site: stores.site,
    readings: stores.readings,
    bus: new EventBus(log),
    clock,
    metrics: new Metrics(),
    log,
    requireMac: false,
    configFor: (device) => deviceConfigText(device, undefined, clock.now()),
  });
  link.onMessage((topic, payload) => ingest.handle(topic, payload));
  closers.push(() => ingest.idle());

  const acked = new Map<string, number>();
  const watcher = await mqtt.connectAsync(broker.url, { username: "watcher", password: "w" });
  closers.push(() => watcher.endAsync());
  watcher.on("message", (topic, payload) => {
    const ack = decodeAck(payload);
    if (ack.ok) acked.set(topic.split("/")[1] ?? "", ack.value.upTo);
  });
  await watcher.subscribeAsync("milkguard/+/ack", { qos: 1 });

  const sim: SimulatedDevices = await startSimulatedDevices({
    count: ids.length,
    firmware: await exampleFirmware("ESP32"),
    scenario: "freezer",
    brokerUrl: broker.url,
    credentials: (i) => ({ deviceId: ids[i] ?? "", username: ids[i] ?? "", password: `pw-${ids[i]}` }),
    speed: 60,
  });
  closers.push(() => sim.stop());
  simulatedMs = () => sim.clock.nowMs;

  const storedOf = async (id: string) =>
    stores.readings.range({ unitId: `unit-${id}`, fromMs: 0, toMs: clock.now() + 60_000 });
  const everyDeviceHasThree = async () => (await Promise.all(ids.map(storedOf))).every((r) => r.length >= 3);
  await expect.poll(everyDeviceHasThree, { timeout: 60_000, interval: 200 }).toBe(true);
  await expect.poll(() => ids.every((id) => (acked.get(id) ?? -1) >= 1), { timeout: 30_000 }).toBe(true);
  for (const id of ids) {
    const stored = await storedOf(id);
    expect(stored.every((r) => r.deviceId === id && r.tempC !== null && r.tempC < -15)).toBe(true);
  }
  expect(stores.site.devices.get("sim-1")?.online).toBe(true);
}, 120_000);
