// The gateway as build() makes it (embedded aedes on a TCP port, a real SQLite file, the real rules)
// with a settable clock, for tests of the broker and ingest: nothing mocked, nothing re-wired.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import mqtt, { type MqttClient } from "mqtt";
import { build, type Gateway } from "../../../gateway/app.js";
import type { Clock } from "../../../gateway/clock.js";
import { validateConfig } from "../../../gateway/config/load.js";
import { DOMAIN, knownIds } from "../../../gateway/engine/domain.js";
import type { Ingest } from "../../../gateway/ingest/ingest.js";
import { createLogger } from "../../../gateway/log.js";
import type { Metrics } from "../../../gateway/metrics.js";
import { openSqliteStores, type SqliteStores } from "../../../gateway/store/open-store.js";
import type { ReadingsStore, StoredReading } from "../../../gateway/store/readings-store.js";

export interface Rig {
  gw: Gateway;
  dir: string;
  port: number;
  stores: SqliteStores;
  metrics: Metrics;
  ingest: Ingest;
  bus: Gateway["bus"];
  /** readings the bus announced, in order */
  announced: StoredReading[];
  clock: Clock & { set(ms: number): void };
  close(): Promise<void>;
}

export const quiet = createLogger("silent");

/**
 * Starts the gateway on the SQLite file in `dir` (a new temp folder when omitted); `readingsVia`
 * puts something in front of its readings store (a store that takes its time).
 */
export async function startRig(
  dir = mkdtempSync(join(tmpdir(), "mg-core-")),
  readingsVia: (file: ReadingsStore) => ReadingsStore = (file) => file,
): Promise<Rig> {
  const loaded = validateConfig(
    {
      dataDir: dir,
      mqtt: { host: "127.0.0.1", port: 0 },
      http: { host: "127.0.0.1", port: 0 },
      log: { level: "silent" },
    },
    knownIds(DOMAIN),
  );
  if (!loaded.ok) throw new Error(loaded.errors.join("\n"));
  const opened = openSqliteStores(join(dir, "milkguard.db"));
  const stores = { ...opened, readings: readingsVia(opened.readings) };
  let nowMs = Date.UTC(2026, 10, 24, 12);
  const clock = {
    now: () => nowMs,
    set: (ms: number) => {
      nowMs = ms;
    },
  };
  const gw = await build({ config: loaded.config, domain: DOMAIN, stores, clock, log: quiet });
  const announced: StoredReading[] = [];
  gw.bus.on("readings", "test", (r) => void announced.push(...r));
  await gw.start();
  return {
    ...{ gw, dir, port: gw.mqttPort, stores, metrics: gw.metrics, ingest: gw.ingest, bus: gw.bus },
    ...{ announced, clock, close: () => gw.close() },
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
  return rig.gw.devices.create({ id, unitId }, "test");
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
