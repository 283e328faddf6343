// The production set-up end to end, through the real gateway (gateway/app.ts build()): devices and
// Home Assistant on the site's Mosquitto (per-user passwords), readings in a real InfluxDB 1.x behind
// the spool. A device publishes a warm freezer; the gateway stores the readings in InfluxDB, acks
// them through Mosquitto, opens an alert, and Home Assistant sees the unit and its alarm.
import { join } from "node:path";
import mqtt, { type MqttClient } from "mqtt";
import { afterEach, expect, it } from "vitest";
import { build } from "../../../gateway/app.js";
import { validateConfig } from "../../../gateway/config/load.js";
import { DOMAIN, type Domain } from "../../../gateway/engine/domain.js";
import { Influx1ReadingsStore } from "../../../gateway/store/influx1-readings-store.js";
import { SpoolingReadingsStore } from "../../../gateway/store/spooling-readings-store.js";
import type { RuleSet, StorageProfile } from "../../../shared/profiles/types.js";
import { decodeAck, encodeReadings, encodeStatus } from "../../../shared/protocol/codec.js";
import { startInfluxd } from "../../servers/influxd.js";
import { startMosquitto } from "../../servers/mosquitto.js";
import { tempDir } from "../../servers/process.js";

const src = "test fixture, not guidance";
const sourced = (value: number) => ({ value, source: src });
const profile: StorageProfile = {
  id: "test-freezer",
  name: "Test freezer",
  kind: "freezer",
  warningHighC: sourced(-15),
  criticalHighC: sourced(-10),
  alarmDelayMin: sourced(0),
  hysteresisC: sourced(1),
  intervalS: sourced(60),
};
const ruleSet: RuleSet = {
  id: "test",
  name: "Test",
  frozenMaxDays: sourced(90),
  thawedColdMaxH: sourced(24),
  thawedRoomMaxH: sourced(1),
  freshFridgeMaxH: sourced(24),
  partialThawMayRefreeze: false,
  partialThawSource: src,
};
/** The real rules with a test profile that alarms on the first warm reading (no delay). */
const domain: Domain = {
  profiles: { [profile.id]: profile },
  ruleSets: { [ruleSet.id]: ruleSet },
  rules: DOMAIN.rules,
  withOverrides: (p) => p,
};

/** The ACL docs/scaling.md gives sites, with the gateway's user named `gateway`. */
const DOCUMENTED_ACL = [
  "user gateway",
  "topic readwrite milkguard/#",
  "topic readwrite homeassistant/#",
  "",
  "user homeassistant",
  "topic read milkguard/units/#",
  "topic read milkguard/+/status",
  "topic read homeassistant/#",
  "topic write homeassistant/status",
  "",
  "pattern write milkguard/%u/readings",
  "pattern write milkguard/%u/status",
  "pattern read milkguard/%u/ack",
  "pattern read milkguard/%u/config",
];

const closers: (() => unknown)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function client(url: string, options: mqtt.IClientOptions): Promise<MqttClient> {
  const c = await mqtt.connectAsync(url, options);
  closers.push(() => c.endAsync(true));
  return c;
}

/** Mosquitto, influxd and the gateway built from a production-like config, plus a device and HA. */
async function production() {
  const passwords = { gateway: "gw-pw", "dev-1": "dev-pw", "dev-2": "dev2-pw", homeassistant: "ha-pw" };
  const broker = await startMosquitto({ passwords, acl: DOCUMENTED_ACL });
  closers.push(() => broker.close());
  const influxd = await startInfluxd();
  closers.push(() => influxd.close());
  const dir = tempDir("production");
  closers.push(() => dir.remove());

  const loaded = validateConfig(
    {
      dataDir: join(dir.path, "data"),
      site: { name: "bank-north", ruleSet: "test" },
      mqtt: { external: { url: broker.url, clientId: "gw-1", username: "gateway", password: "gw-pw" } },
      readings: {
        store: "influx1",
        influx: { url: influxd.url, database: "milkguard" },
        spool: { retryMs: 20, maxRetryMs: 200 },
      },
      homeAssistant: { enabled: true },
      http: { host: "127.0.0.1", port: 0 },
      log: { level: "silent" },
    },
    { profiles: [profile.id], ruleSets: [ruleSet.id], profileFields: [] },
  );
  if (!loaded.ok) throw new Error(loaded.errors.join("\n"));
  const nowS = Math.floor(Date.now() / 1000);
  const gateway = await build({ config: loaded.config, domain, clock: { now: () => nowS * 1000 } });
  await gateway.start();
  closers.push(() => gateway.close());
  gateway.site.units.put({ id: "freezer-1", name: "Kitchen freezer", profileId: profile.id, createdAtMs: 0 });
  gateway.devices.create({ id: "dev-1", unitId: "freezer-1" }, "admin");

  const ha = await client(broker.url, {
    clientId: "homeassistant",
    username: "homeassistant",
    password: "ha-pw",
  });
  const seen = new Map<string, string>();
  ha.on("message", (topic, payload) => void seen.set(topic, payload.toString()));
  await ha.subscribeAsync(["homeassistant/#", "milkguard/units/#"], { qos: 1 });

  const will = {
    topic: "milkguard/dev-1/status",
    payload: Buffer.from(encodeStatus({ v: 1, state: "offline" })),
    qos: 1 as const,
    retain: true,
  };
  const dev = await client(broker.url, {
    clientId: "dev-1",
    username: "dev-1",
    password: "dev-pw",
    protocolVersion: 4,
    will,
  });
  const acks: number[] = [];
  dev.on("message", (topic, payload) => {
    const ack = topic.endsWith("/ack") ? decodeAck(payload) : undefined;
    if (ack?.ok) acks.push(ack.value.upTo);
  });
  await dev.subscribeAsync(["milkguard/dev-1/ack", "milkguard/dev-1/config"], { qos: 1 });
  await dev.publishAsync("milkguard/dev-1/status", encodeStatus({ v: 1, state: "online", board: "ESP32" }), {
    qos: 1,
    retain: true,
  });
  /** one readings message; `temps` one a minute, numbered from `firstSeq`, ending `endAgoS` seconds ago */
  const send = (firstSeq: number, temps: number[], endAgoS = 0) => {
    const r = temps.map((c, i) => ({ s: firstSeq + i, t: nowS - endAgoS - (temps.length - i) * 60, c }));
    return dev.publishAsync(
      "milkguard/dev-1/readings",
      encodeReadings({ v: 1, boot: 1, up: 600, now: nowS, r }),
      { qos: 1 },
    );
  };
  const influxRange = async () => {
    const influx = await Influx1ReadingsStore.open({ url: influxd.url, database: "milkguard" });
    return influx.range({ unitId: "freezer-1", fromMs: 0, toMs: (nowS + 60) * 1000 });
  };
  return { gateway, broker, influxd, seen, acks, send, influxRange };
}

it("stores in InfluxDB, acks through Mosquitto, alerts, and Home Assistant sees the alarm", async () => {
  const { gateway, seen, acks, send, influxRange } = await production();
  // The door left open: -19 C, then warming past the limit.
  await send(1, [-19, -18, -16, -14, -12]);
  await expect.poll(() => acks.at(-1), { timeout: 20_000 }).toBe(5);
  expect((await influxRange()).map((x) => x.tempC)).toEqual([-19, -18, -16, -14, -12]);
  await expect
    .poll(() => gateway.site.alerts.list({ unitId: "freezer-1" }).length, { timeout: 20_000 })
    .toBe(1);
  expect(gateway.site.alerts.list()[0]).toMatchObject({ kind: "temperature-excursion", state: "open" });

  const state = () =>
    JSON.parse(seen.get("milkguard/units/freezer-1/state") ?? "{}") as Record<string, unknown>;
  await expect
    .poll(state, { timeout: 20_000 })
    .toEqual({ temperature_c: -12, status: "warning", open_alerts: 1 });
  const config = JSON.parse(seen.get("homeassistant/sensor/milkguard_freezer-1/temperature/config") ?? "{}");
  expect(config).toMatchObject({
    availability_topic: "milkguard/dev-1/status",
    device: { name: "Kitchen freezer" },
  });
}, 120_000);

it("keeps acking while InfluxDB is down, and InfluxDB has every reading once it is back", async () => {
  const { gateway, influxd, acks, send, influxRange } = await production();
  const spool = gateway.readings;
  if (!(spool instanceof SpoolingReadingsStore)) throw new Error("InfluxDB readings go through the spool");
  const message = (n: number) =>
    send(
      n * 10 + 1,
      Array.from({ length: 10 }, () => -19),
      (20 - n) * 600,
    );
  for (let n = 0; n < 5; n++) await message(n);
  await expect.poll(() => acks.at(-1), { timeout: 20_000 }).toBe(50);
  await influxd.stop();
  for (let n = 5; n < 15; n++) await message(n);
  // The readings are in the spool (SQLite), so the device may forget them: the acks go on.
  await expect.poll(() => acks.at(-1), { timeout: 20_000 }).toBe(150);
  // the 100 of the outage (and on a busy machine perhaps a batch still on its way when influxd stopped)
  expect(spool.status().spooled).toBeGreaterThanOrEqual(100);
  await influxd.start();
  for (let n = 15; n < 20; n++) await message(n);
  await expect.poll(() => acks.at(-1), { timeout: 20_000 }).toBe(200);
  const seqs = async () => (await influxRange()).map((x) => x.seq);
  await expect.poll(seqs, { timeout: 30_000 }).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  // the 100 of the outage, and those that queued behind them while the spool drained; a batch leaves
  // the spool once InfluxDB's answer is in, which can come after the query above saw it stored
  await expect.poll(() => spool.status().spooled, { timeout: 20_000 }).toBe(0);
  expect(spool.status().replayed).toBeGreaterThanOrEqual(100);
}, 120_000);

it("with the documented ACL a device cannot publish readings in another device's name", async () => {
  const { gateway, broker, acks, send, influxRange } = await production();
  const intruder = await client(broker.url, {
    clientId: "dev-2",
    username: "dev-2",
    password: "dev2-pw",
    protocolVersion: 4,
  });
  const forged = encodeReadings({
    v: 1,
    boot: 1,
    up: 1,
    r: [{ s: 99, t: Math.floor(Date.now() / 1000) - 30, c: 30 }],
  });
  await intruder.publishAsync("milkguard/dev-1/readings", forged, { qos: 1 });
  await send(1, [-19]); // the real device, after the forgery
  await expect.poll(() => acks.at(-1), { timeout: 20_000 }).toBe(1);
  await gateway.ingest.idle();
  expect((await influxRange()).map((x) => x.seq)).toEqual([1]);
}, 120_000);
