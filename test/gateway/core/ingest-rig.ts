// The broker and ingest half of the gateway on a real SQLite file and a real TCP port, for tests
// that need no rules: the same parts build() wires, nothing mocked.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import mqtt, { type MqttClient } from "mqtt";
import { createEmbeddedBroker } from "../../../gateway/broker/embedded-broker.js";
import { listenMqttTcp } from "../../../gateway/broker/listeners.js";
import { EventBus } from "../../../gateway/bus.js";
import type { Clock } from "../../../gateway/clock.js";
import { createProvisioning } from "../../../gateway/devices/provisioning.js";
import { createIngest, type Ingest } from "../../../gateway/ingest/ingest.js";
import { createLogger } from "../../../gateway/log.js";
import { Metrics } from "../../../gateway/metrics.js";
import { openSqliteStores, type SqliteStores } from "../../../gateway/store/open-store.js";
import type { StoredReading } from "../../../gateway/store/readings-store.js";

export interface Rig {
  dir: string;
  port: number;
  stores: SqliteStores;
  metrics: Metrics;
  ingest: Ingest;
  bus: EventBus;
  /** readings the bus announced, in order */
  announced: StoredReading[];
  clock: Clock & { set(ms: number): void };
  close(): Promise<void>;
}

export const quiet = createLogger("silent");

/** Starts broker + ingest on the SQLite file in `dir` (a new temp folder when omitted). */
export async function startRig(dir = mkdtempSync(join(tmpdir(), "mg-core-"))): Promise<Rig> {
  const stores = openSqliteStores(join(dir, "milkguard.db"));
  let nowMs = Date.UTC(2026, 10, 24, 12);
  const clock = {
    now: () => nowMs,
    set: (ms: number) => {
      nowMs = ms;
    },
  };
  const metrics = new Metrics();
  const bus = new EventBus(quiet);
  const link = await createEmbeddedBroker({
    prefix: "milkguard",
    findDevice: (id) => stores.site.devices.get(id),
    metrics,
    log: quiet,
  });
  const ingest = createIngest({
    prefix: "milkguard",
    link,
    site: stores.site,
    readings: stores.readings,
    bus,
    clock,
    metrics,
    log: quiet,
    requireMac: false,
    configFor: (device) =>
      JSON.stringify({ v: 1, interval: device.intervalS, time: Math.floor(clock.now() / 1000) }),
  });
  link.onMessage((topic, payload) => ingest.handle(topic, payload));
  const tcp = await listenMqttTcp(link.aedes, 0, "127.0.0.1");
  const announced: StoredReading[] = [];
  bus.on("readings", "test", (r) => void announced.push(...r));
  return {
    dir,
    port: tcp.port,
    stores,
    metrics,
    ingest,
    bus,
    announced,
    clock,
    close: async () => {
      await tcp.close();
      await link.close();
      await ingest.idle();
      ingest.flushDevices();
      stores.close();
    },
  };
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** A unit and a provisioned device in it; returns the device's one-time credentials. */
export function addDevice(rig: Rig, id: string, unitId = `unit-${id}`) {
  if (!rig.stores.site.units.get(unitId)) {
    rig.stores.site.units.put({
      id: unitId,
      name: unitId,
      profileId: "home-freezer",
      createdAtMs: rig.clock.now(),
    });
  }
  const provisioning = createProvisioning({
    site: rig.stores.site,
    bus: rig.bus,
    clock: rig.clock,
    defaultIntervalS: () => 60,
  });
  return provisioning.create({ id, unitId }, "test");
}

export async function connectDevice(port: number, id: string, password: string): Promise<MqttClient> {
  const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, {
    username: id,
    password,
    clientId: id,
    reconnectPeriod: 0,
  });
  await client.subscribeAsync(`milkguard/${id}/ack`, { qos: 1 });
  return client;
}

/** Resolves with the next ack's upTo on the device's ack topic. */
export function nextAck(client: MqttClient): Promise<number> {
  return new Promise((resolve) => {
    const onMessage = (topic: string, payload: Buffer) => {
      if (!topic.endsWith("/ack")) return;
      client.off("message", onMessage);
      resolve((JSON.parse(payload.toString()) as { upTo: number }).upTo);
    };
    client.on("message", onMessage);
  });
}

export function readingsPayload(seqs: number[], startS: number, tempC = -19): string {
  const r = seqs.map((s, i) => ({ s, t: startS + i * 60, c: tempC }));
  return JSON.stringify({ v: 1, boot: 1, up: 100, r });
}
