// Home Assistant on the gateway's own broker, the documented default: the real gateway (build():
// embedded aedes over TCP, SQLite, the real rules) with Home Assistant's login, and mqtt.js in Home
// Assistant's place. It reads the discovery messages and the units' state, follows a reading and an
// alarm, sees the state refreshed for expire_after; it may not publish to a device's topics, read a
// device's acks or config, nor take a device's client id.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import mqtt, { type IClientOptions, type MqttClient } from "mqtt";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { build, type Gateway } from "../../../gateway/app.js";
import { validateConfig } from "../../../gateway/config/load.js";
import { DOMAIN, knownIds } from "../../../gateway/engine/domain.js";
import { quiet, removeDir } from "../core/ingest-rig.js";

const HA_PASSWORD = "correct-horse-battery";
const PROFILE = "home-freezer";
/** what Home Assistant's MQTT integration subscribes to for MilkGuard's entities */
const HA_TOPICS = ["homeassistant/#", "milkguard/units/+/state", "milkguard/+/status"];
const AUTH_FAILURES = "milkguard_auth_failures_total";

let gw: Gateway;
let dir: string;
let devicePassword: string;
const clients: MqttClient[] = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "mg-ha-"));
  const loaded = validateConfig(
    {
      dataDir: dir,
      mqtt: { host: "127.0.0.1", port: 0 },
      http: { host: "127.0.0.1", port: 0 },
      homeAssistant: { enabled: true, password: HA_PASSWORD },
      log: { level: "silent" },
    },
    knownIds(DOMAIN),
  );
  if (!loaded.ok) throw new Error(loaded.errors.join("\n"));
  gw = await build({ config: loaded.config, domain: DOMAIN, log: quiet });
  await gw.start();
  gw.site.units.put({ id: "kitchen", name: "Kitchen freezer", profileId: PROFILE, createdAtMs: Date.now() });
  devicePassword = gw.devices.create({ id: "dev-1", unitId: "kitchen" }, "test").password;
});

afterEach(async () => {
  for (const client of clients.splice(0)) await client.endAsync(true);
  await gw.close();
  removeDir(dir);
});

async function connect(options: IClientOptions): Promise<MqttClient> {
  const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${gw.mqttPort}`, {
    reconnectPeriod: 0,
    ...options,
  });
  clients.push(client);
  return client;
}

const homeAssistant = (extra: IClientOptions = {}) =>
  connect({ username: "homeassistant", password: HA_PASSWORD, clientId: "home-assistant-1", ...extra });

/** Every message Home Assistant receives, latest per topic. */
function watch(client: MqttClient): Map<string, string> {
  const last = new Map<string, string>();
  client.on("message", (topic, payload) => void last.set(topic, payload.toString()));
  return last;
}

function closed(client: MqttClient): Promise<void> {
  return new Promise((resolve) => client.stream.once("close", () => resolve()));
}

/** Too warm for longer than the profile's alarm delay, a reading a minute. */
function tooWarm(): string {
  const profile = gw.catalog.profile(PROFILE);
  if (!profile) throw new Error("no profile");
  const minutes = profile.alarmDelayMin.value + 5;
  const nowS = Math.floor(Date.now() / 1000);
  const r = Array.from({ length: minutes + 1 }, (_, i) => ({
    s: i,
    t: nowS - (minutes - i) * 60,
    c: profile.criticalHighC.value + 3,
  }));
  return JSON.stringify({ v: 1, boot: 1, up: 100, r });
}

describe("Home Assistant on the embedded broker", () => {
  it("reads the discovery messages and the unit's state, and follows a reading into an alarm", async () => {
    const ha = await homeAssistant();
    const seen = watch(ha);
    await ha.subscribeAsync(HA_TOPICS, { qos: 1 });
    const config = (entity: string) =>
      seen.get(
        `homeassistant/${entity}/milkguard_kitchen/${entity === "binary_sensor" ? "in_alarm" : "temperature"}/config`,
      );
    const state = () =>
      JSON.parse(seen.get("milkguard/units/kitchen/state") ?? "null") as Record<string, unknown> | null;
    // retained messages come in packets of their own: the sensor's config may be here before the rest
    await expect.poll(() => config("sensor")).toBeDefined();
    await expect.poll(() => config("binary_sensor")).toBeDefined();
    await expect.poll(state).not.toBeNull();
    expect(JSON.parse(config("sensor") as string)).toMatchObject({
      device_class: "temperature",
      expire_after: expect.any(Number),
      availability_topic: "milkguard/dev-1/status",
    });
    expect(JSON.parse(config("binary_sensor") as string)).toMatchObject({ device_class: "problem" });
    expect(state()).toEqual({ temperature_c: null, status: "ok", open_alerts: 0 });

    const device = await connect({ username: "dev-1", password: devicePassword, clientId: "dev-1" });
    await device.publishAsync("milkguard/dev-1/status", JSON.stringify({ v: 1, state: "online" }), {
      qos: 1,
      retain: true,
    });
    await device.publishAsync("milkguard/dev-1/readings", tooWarm(), { qos: 1 });
    await expect.poll(() => state()?.status, { timeout: 10_000 }).toBe("alarm");
    expect(state()?.temperature_c).toBe((gw.catalog.profile(PROFILE)?.criticalHighC.value ?? 0) + 3);
    expect(seen.get("milkguard/dev-1/status")).toContain("online");
    expect(gw.metrics.total(AUTH_FAILURES)).toBe(0);
  });

  it("may publish its own birth message, but not to a device's topic: the connection is closed", async () => {
    const device = await connect({ username: "dev-1", password: devicePassword, clientId: "dev-1" });
    const toDevice: string[] = [];
    device.on("message", (_topic, payload) => toDevice.push(payload.toString()));
    await device.subscribeAsync("milkguard/dev-1/config", { qos: 1 });
    const ha = await homeAssistant();
    await ha.publishAsync("homeassistant/status", "online", { qos: 1 });
    const gone = closed(ha);
    ha.publish("milkguard/dev-1/config", JSON.stringify({ v: 1, interval: 1 }), { qos: 1, retain: true });
    await gone;
    expect(gw.metrics.value(AUTH_FAILURES, { reason: "foreign_topic_publish" })).toBe(1);
    expect(toDevice.some((p) => p.includes('"interval":1,'))).toBe(false);
    expect(toDevice.some((p) => p.includes('"interval":1}'))).toBe(false);
  });

  it.each([
    ["everything", "#"],
    ["every device topic", "milkguard/#"],
    ["a device's config", "milkguard/dev-1/config"],
    ["a device's acks", "milkguard/+/ack"],
    ["readings", "milkguard/dev-1/readings"],
    ["a wildcard unit level", "milkguard/units/#"],
  ])("may not subscribe to %s", async (_name, filter) => {
    const ha = await homeAssistant();
    await expect(ha.subscribeAsync(filter, { qos: 1 })).rejects.toThrow(/Subscribe error/);
    expect(gw.metrics.value(AUTH_FAILURES, { reason: "foreign_topic_subscribe" })).toBe(1);
  });

  it("needs its own password, and may not take a device's client id", async () => {
    await expect(homeAssistant({ password: "not-the-password" })).rejects.toThrow(
      /Bad username or password/i,
    );
    expect(gw.metrics.value(AUTH_FAILURES, { reason: "wrong_password" })).toBe(1);
    const device = await connect({ username: "dev-1", password: devicePassword, clientId: "dev-1" });
    let kicked = false;
    device.stream.once("close", () => {
      kicked = true;
    });
    await expect(homeAssistant({ clientId: "dev-1" })).rejects.toThrow(/Bad username or password/i);
    expect(gw.metrics.value(AUTH_FAILURES, { reason: "client_id_of_a_device" })).toBe(1);
    await device.subscribeAsync("milkguard/dev-1/ack", { qos: 1 });
    expect(kicked).toBe(false);
  });
});
