// Home Assistant discovery through a real Mosquitto: a subscriber in HA's place reads the retained
// discovery messages and checks them against the documented schema fields, then follows a unit's
// state and its device's availability (birth and last will).
import { join } from "node:path";
import mqtt, { type MqttClient } from "mqtt";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EventBus } from "../../../gateway/bus.js";
import { HomeAssistantDiscovery } from "../../../gateway/homeassistant/home-assistant.js";
import { createLogger } from "../../../gateway/log.js";
import { connectExternalBroker } from "../../../gateway/mqtt-external/external-link.js";
import { openSqliteStores, type SqliteStores } from "../../../gateway/store/open-store.js";
import type { Alert, Device } from "../../../gateway/store/records.js";
import { encodeStatus } from "../../../shared/protocol/codec.js";
import { type Mosquitto, startMosquitto } from "../../servers/mosquitto.js";
import { tempDir } from "../../servers/process.js";

const log = createLogger("silent");
const T0 = Date.UTC(2026, 0, 5);
const DISCOVERY_TOPIC = /^homeassistant\/(sensor|binary_sensor)\/[a-zA-Z0-9_-]+\/[a-zA-Z0-9_-]+\/config$/;
/** four entities for each of the two units */
const ENTITIES = 8;

const device = (id: string, unitId: string): Device => ({
  id,
  unitId,
  secretHash: "x",
  intervalS: 60,
  online: false,
  ackedUpTo: -1,
  createdAtMs: T0,
});

const alert = (id: string, severity: Alert["severity"], state: Alert["state"]): Alert => ({
  id,
  key: `temp:${id}`,
  kind: "temperature-excursion",
  severity,
  unitId: "freezer-1",
  state,
  message: "too warm",
  openedAtMs: T0,
  escalationLevel: 0,
  lastNotifiedAtMs: T0,
});

/** Home Assistant's side: every retained and live message it would see, latest per topic. */
class HomeAssistantStandIn {
  readonly last = new Map<string, { payload: string; retain: boolean }>();
  constructor(readonly client: MqttClient) {
    client.on("message", (topic, payload, packet) => {
      this.last.set(topic, { payload: payload.toString(), retain: packet.retain });
    });
  }
  json(topic: string): Record<string, unknown> {
    const message = this.last.get(topic);
    if (!message) throw new Error(`nothing on ${topic}`);
    return JSON.parse(message.payload) as Record<string, unknown>;
  }
  configs(): [string, Record<string, unknown>][] {
    return [...this.last.keys()].filter((t) => t.startsWith("homeassistant/")).map((t) => [t, this.json(t)]);
  }
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("Home Assistant discovery", () => {
  let server: Mosquitto;
  let dir: ReturnType<typeof tempDir>;
  let stores: SqliteStores;
  let bus: EventBus;
  let link: Awaited<ReturnType<typeof connectExternalBroker>>;
  let ha: HomeAssistantStandIn;
  const closers: (() => Promise<unknown>)[] = [];

  beforeEach(async () => {
    server = await startMosquitto();
    dir = tempDir("ha");
    stores = openSqliteStores(join(dir.path, "milkguard.db"));
    stores.site.units.put({
      id: "freezer-1",
      name: "Kitchen freezer",
      profileId: "home-freezer",
      createdAtMs: T0,
    });
    stores.site.units.put({
      id: "bank-2",
      name: "Bank freezer 2",
      profileId: "bank-freezer",
      createdAtMs: T0,
    });
    stores.site.devices.put(device("dev-1", "freezer-1"));
    stores.site.devices.put(device("dev-2a", "bank-2"));
    stores.site.devices.put(device("dev-2b", "bank-2"));
    await stores.readings.write([
      { deviceId: "dev-1", unitId: "freezer-1", seq: 1, timeMs: T0, tempC: -19.5 },
    ]);
    bus = new EventBus(log);
    link = await connectExternalBroker({ url: server.url, prefix: "milkguard", clientId: "gw", log });
    const discovery = new HomeAssistantDiscovery({
      link,
      site: stores.site,
      readings: stores.readings,
      bus,
      log,
      options: { prefix: "milkguard", discoveryPrefix: "homeassistant", version: "0.1.0" },
    });
    await discovery.start();
    // Home Assistant connects after the gateway: it must get everything from retained messages.
    const client = await mqtt.connectAsync(server.url, { clientId: "home-assistant" });
    ha = new HomeAssistantStandIn(client);
    await client.subscribeAsync(["homeassistant/#", "milkguard/#"], { qos: 1 });
    closers.push(
      () => client.endAsync(),
      async () => discovery.stop(),
      () => link.close(),
    );
    await until(() => ha.configs().length === ENTITIES, "the retained discovery messages");
  }, 60_000);

  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
    stores.close();
    dir.remove();
    await server.close();
  });

  it("publishes retained discovery with the documented fields for temperature, status, alerts and alarm", () => {
    const configs = ha.configs();
    const uniqueIds = new Set(configs.map(([, c]) => c.unique_id));
    expect(uniqueIds.size).toBe(ENTITIES);
    for (const [topic, config] of configs) {
      expect(topic).toMatch(DISCOVERY_TOPIC);
      expect(ha.last.get(topic)?.retain).toBe(true);
      expect(config).toMatchObject({
        name: expect.any(String),
        unique_id: expect.stringMatching(/^milkguard_/),
        state_topic: expect.stringMatching(/^milkguard\/units\/[a-z0-9-]+\/state$/),
        value_template: expect.stringMatching(/^\{\{ .*value_json\.\w+.* \}\}$/),
        // three missed 5-minute refreshes: HA shows the unit unavailable, not its last value
        expire_after: 900,
        device: { identifiers: [expect.any(String)], name: expect.any(String), manufacturer: "MilkGuard" },
      });
    }
    const temperature = ha.json("homeassistant/sensor/milkguard_freezer-1/temperature/config");
    expect(temperature).toMatchObject({
      device_class: "temperature",
      unit_of_measurement: "°C",
      state_class: "measurement",
      availability_topic: "milkguard/dev-1/status",
      payload_available: "online",
      payload_not_available: "offline",
      device: { identifiers: ["milkguard_freezer-1"], name: "Kitchen freezer", model: "home-freezer" },
    });
    const status = ha.json("homeassistant/sensor/milkguard_freezer-1/status/config");
    expect(status).toMatchObject({ device_class: "enum", options: ["ok", "warning", "alarm"] });
    const inAlarm = ha.json("homeassistant/binary_sensor/milkguard_freezer-1/in_alarm/config");
    expect(inAlarm).toMatchObject({
      device_class: "problem",
      value_template: "{{ 'ON' if value_json.status == 'alarm' else 'OFF' }}",
      payload_on: "ON",
      payload_off: "OFF",
    });
    const twoDevices = ha.json("homeassistant/sensor/milkguard_bank-2/open_alerts/config");
    expect(twoDevices).toMatchObject({ availability_mode: "any", state_class: "measurement" });
    expect((twoDevices.availability as { topic: string }[]).map((a) => a.topic)).toEqual([
      "milkguard/dev-2a/status",
      "milkguard/dev-2b/status",
    ]);
  });

  it("the state topic carries the latest temperature, the status and the open-alert count", async () => {
    const topic = "milkguard/units/freezer-1/state";
    expect(ha.json(topic)).toEqual({ temperature_c: -19.5, status: "ok", open_alerts: 0 });
    bus.emit("readings", [
      { deviceId: "dev-1", unitId: "freezer-1", seq: 2, timeMs: T0 + 60_000, tempC: -12 },
    ]);
    await until(() => ha.json(topic).temperature_c === -12, "the new temperature");
    // a late backlog reading is older: the shown temperature stays the latest one
    bus.emit("readings", [
      { deviceId: "dev-1", unitId: "freezer-1", seq: 0, timeMs: T0 - 60_000, tempC: -30 },
    ]);
    const critical = alert("a1", "critical", "open");
    stores.site.alerts.put(critical);
    stores.site.alerts.put(alert("a2", "warning", "acknowledged"));
    stores.site.alerts.put(alert("a3", "critical", "resolved"));
    bus.emit("alert", critical);
    await until(() => ha.json(topic).open_alerts === 2, "the open-alert count");
    expect(ha.json(topic)).toEqual({ temperature_c: -12, status: "alarm", open_alerts: 2 });
  });

  it("gives the unit the dashboard's status: a cleared alert no longer counts, an excursion the rules still see does", async () => {
    const topic = "milkguard/units/freezer-1/state";
    const over = { ...alert("a1", "critical", "open"), clearedAtMs: T0 + 60_000 };
    stores.site.alerts.put(over);
    let excursion: "warning" | "critical" | null = null;
    const rulesBus = new EventBus(log);
    const following = new HomeAssistantDiscovery({
      link,
      site: stores.site,
      readings: stores.readings,
      bus: rulesBus,
      log,
      options: { prefix: "milkguard", discoveryPrefix: "homeassistant", version: "0.1.0" },
      conditionsOf: () => ({ excursion, silent: false, probeFault: false, batteryLow: false }),
    });
    await following.start();
    closers.unshift(async () => following.stop());
    await until(() => ha.json(topic).open_alerts === 1, "the state with the cleared alert");
    expect(ha.json(topic).status).toBe("ok");
    // resolved while the rules still see the freezer warm: still in alarm
    stores.site.alerts.put({ ...over, state: "resolved" });
    excursion = "critical";
    rulesBus.emit("alert", over);
    await until(() => ha.json(topic).open_alerts === 0, "the state after the alert was resolved");
    expect(ha.json(topic).status).toBe("alarm");
  });

  it("republishes every unit's state between changes, so that expire_after marks a stopped gateway", async () => {
    const topic = "milkguard/units/bank-2/state";
    let states = 0;
    ha.client.on("message", (t) => {
      if (t === topic) states += 1;
    });
    const hurried = new HomeAssistantDiscovery({
      link,
      site: stores.site,
      readings: stores.readings,
      bus: new EventBus(log),
      log,
      options: { prefix: "milkguard", discoveryPrefix: "homeassistant", version: "0.1.0", stateEveryS: 0.05 },
    });
    await hurried.start();
    closers.unshift(async () => hurried.stop());
    await until(() => states >= 5, "the state again and again, with nothing changed");
    expect(ha.json("homeassistant/sensor/milkguard_bank-2/status/config").expire_after).toBe(1);
  });

  it("a device moved to another unit moves its availability with it", async () => {
    const moved = { ...device("dev-2b", "freezer-1") };
    stores.site.devices.put(moved);
    bus.emit("device", moved);
    const topicsOf = (config: Record<string, unknown>) =>
      config.availability_topic
        ? [config.availability_topic]
        : (config.availability as { topic: string }[]).map((a) => a.topic);
    const freezer = () => topicsOf(ha.json("homeassistant/sensor/milkguard_freezer-1/temperature/config"));
    const bank = () => topicsOf(ha.json("homeassistant/sensor/milkguard_bank-2/temperature/config"));
    await until(() => freezer().length === 2 && bank().length === 1, "both units re-announced");
    expect(freezer()).toEqual(["milkguard/dev-1/status", "milkguard/dev-2b/status"]);
    expect(bank()).toEqual(["milkguard/dev-2a/status"]);
  });

  it("availability follows the device's birth message and its last will", async () => {
    const config = ha.json("homeassistant/sensor/milkguard_freezer-1/temperature/config");
    const availabilityTopic = String(config.availability_topic);
    // HA renders availability_template on the status payload; {{ value_json.state }} picks `state`.
    const available = () => {
      const message = ha.last.get(availabilityTopic);
      if (!message) return undefined;
      const state = (JSON.parse(message.payload) as { state: string }).state;
      return state === config.payload_available
        ? true
        : state === config.payload_not_available
          ? false
          : undefined;
    };
    expect(config.availability_template).toBe("{{ value_json.state }}");
    const will = {
      topic: availabilityTopic,
      payload: Buffer.from(encodeStatus({ v: 1, state: "offline" })),
      qos: 1 as const,
      retain: true,
    };
    const dev = await mqtt.connectAsync(server.url, {
      clientId: "dev-1",
      protocolVersion: 4,
      will,
      reconnectPeriod: 0,
    });
    await dev.publishAsync(availabilityTopic, encodeStatus({ v: 1, state: "online" }), {
      qos: 1,
      retain: true,
    });
    await until(() => available() === true, "the birth message");
    dev.stream.destroy(); // power cut: the broker publishes the last will
    await until(() => available() === false, "the last will");
    await dev.endAsync(true);
  });
});
