// The gateway's external-broker link against Debian's Mosquitto started by the test: a device
// publishes through Mosquitto; the gateway's ingest stores its readings and acks them back through
// Mosquitto; shared subscriptions split messages between gateways; credentials are the broker's.
import { join } from "node:path";
import mqtt, { type MqttClient } from "mqtt";
import { afterEach, describe, expect, it } from "vitest";
import { EventBus } from "../../../gateway/bus.js";
import { createIngest } from "../../../gateway/ingest/ingest.js";
import { createLogger } from "../../../gateway/log.js";
import { Metrics } from "../../../gateway/metrics.js";
import { connectExternalBroker, type ExternalLink } from "../../../gateway/mqtt-external/external-link.js";
import { openSqliteStores, type SqliteStores } from "../../../gateway/store/open-store.js";
import { decodeAck, encodeReadings, encodeStatus } from "../../../shared/protocol/codec.js";
import { type Mosquitto, type MosquittoOptions, startMosquitto } from "../../servers/mosquitto.js";
import { tempDir } from "../../servers/process.js";

const log = createLogger("silent");
const NOW_S = Date.UTC(2026, 0, 5) / 1000;
const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function broker(options: MosquittoOptions = {}): Promise<Mosquitto> {
  const server = await startMosquitto(options);
  closers.push(() => server.close());
  return server;
}

async function link(url: string, extra: Partial<Parameters<typeof connectExternalBroker>[0]> = {}) {
  const l = await connectExternalBroker({
    url,
    prefix: "milkguard",
    clientId: `gw-${Math.random()}`,
    log,
    ...extra,
  });
  closers.push(() => l.close());
  return l;
}

async function device(url: string, id: string): Promise<MqttClient> {
  const will = {
    topic: `milkguard/${id}/status`,
    payload: Buffer.from(encodeStatus({ v: 1, state: "offline" })),
    qos: 1 as const,
    retain: true,
  };
  const client = await mqtt.connectAsync(url, { clientId: id, protocolVersion: 4, will });
  closers.push(() => client.endAsync(true));
  return client;
}

function sqlite(): SqliteStores {
  const dir = tempDir("external");
  const stores = openSqliteStores(join(dir.path, "milkguard.db"));
  closers.push(() => dir.remove());
  closers.push(() => stores.close());
  return stores;
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function gatewayIngest(l: ExternalLink, stores: SqliteStores) {
  const ingest = createIngest({
    prefix: "milkguard",
    link: l,
    site: stores.site,
    readings: stores.readings,
    bus: new EventBus(log),
    clock: { now: () => NOW_S * 1000 },
    metrics: new Metrics(),
    log,
    requireMac: false,
    configFor: () => JSON.stringify({ v: 1, interval: 60, time: NOW_S }),
  });
  l.onMessage((topic, payload) => ingest.handle(topic, payload));
  return ingest;
}

describe("external broker link (Mosquitto)", () => {
  it("a device's readings reach the gateway through Mosquitto, are stored, and acked back", async () => {
    const server = await broker();
    const stores = sqlite();
    stores.site.devices.put({
      id: "dev-1",
      unitId: "freezer-1",
      secretHash: "x",
      intervalS: 60,
      online: false,
      ackedUpTo: -1,
      createdAtMs: 0,
    });
    gatewayIngest(await link(server.url), stores);

    const dev = await device(server.url, "dev-1");
    const acks: number[] = [];
    const configs: string[] = [];
    dev.on("message", (topic, payload) => {
      if (topic.endsWith("/ack")) {
        const ack = decodeAck(payload);
        if (ack.ok) acks.push(ack.value.upTo);
      } else configs.push(payload.toString());
    });
    await dev.subscribeAsync(["milkguard/dev-1/ack", "milkguard/dev-1/config"], { qos: 1 });
    await dev.publishAsync(
      "milkguard/dev-1/status",
      encodeStatus({ v: 1, state: "online", board: "ESP32" }),
      { qos: 1, retain: true },
    );
    await until(() => configs.length > 0, "the retained config");

    const r = Array.from({ length: 20 }, (_, i) => ({ s: i + 1, t: NOW_S - 1200 + i * 60, c: -19 - i / 10 }));
    await dev.publishAsync(
      "milkguard/dev-1/readings",
      encodeReadings({ v: 1, boot: 1, up: 5000, now: NOW_S, r: r.slice(0, 10) }),
      { qos: 1 },
    );
    await dev.publishAsync(
      "milkguard/dev-1/readings",
      encodeReadings({ v: 1, boot: 1, up: 5010, now: NOW_S, r: r.slice(10) }),
      { qos: 1 },
    );
    await until(() => acks.includes(20), "the ack of seq 20");

    const stored = await stores.readings.range({ unitId: "freezer-1", fromMs: 0, toMs: NOW_S * 1000 + 1 });
    expect(stored.map((x) => x.seq)).toEqual(r.map((x) => x.s));
    expect(stored[0]).toMatchObject({ deviceId: "dev-1", timeMs: (NOW_S - 1200) * 1000, tempC: -19 });
    expect(stores.site.devices.get("dev-1")?.online).toBe(true);
  }, 60_000);

  it("gateways in one MQTT 5 shared-subscription group each get a share, and no message twice", async () => {
    const server = await broker();
    const a: string[] = [];
    const b: string[] = [];
    for (const box of [a, b]) {
      (await link(server.url, { shareGroup: "milkguard" })).onMessage(
        (topic, payload) => void box.push(`${topic} ${payload}`),
      );
    }
    const dev = await device(server.url, "dev-2");
    for (let i = 0; i < 100; i += 1)
      await dev.publishAsync("milkguard/dev-2/readings", String(i), { qos: 1 });
    await until(() => a.length + b.length === 100, "100 messages");
    expect(a.length).toBeGreaterThan(0);
    expect(b.length).toBeGreaterThan(0);
    expect(new Set([...a, ...b]).size).toBe(100);
  }, 60_000);

  it("keeps messages that arrive for the gateway's session while it is away", async () => {
    const server = await broker();
    const first = await connectExternalBroker({
      url: server.url,
      prefix: "milkguard",
      clientId: "gw-session",
      log,
    });
    await first.close();
    const dev = await device(server.url, "dev-3");
    await dev.publishAsync("milkguard/dev-3/readings", "while away", { qos: 1 });
    const again = await link(server.url, { clientId: "gw-session" });
    const got: string[] = [];
    again.onMessage((_topic, payload) => void got.push(Buffer.from(payload).toString()));
    await until(() => got.length === 1, "the queued message");
    expect(got).toEqual(["while away"]);
  }, 60_000);

  it("uses the broker's credentials: a wrong password is refused, the right one connects", async () => {
    const server = await broker({ passwords: { gateway: "s3cret" } });
    await expect(link(server.url, { username: "gateway", password: "wrong" })).rejects.toThrow();
    const ok = await link(server.url, { username: "gateway", password: "s3cret" });
    expect(ok.client.connected).toBe(true);
  }, 60_000);
});
