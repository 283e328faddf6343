// The whole gateway as `npm start` builds it (real aedes over TCP and WebSocket, real SQLite file,
// the shared rules): Debian's mosquitto_pub publishes a reading that is stored and, over the
// threshold for the alarm delay, alerted; a restart keeps readings, alerts and rule state; the demo
// shows an alert within a minute.
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import mqtt from "mqtt";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { build, type Gateway } from "../../../gateway/app.js";
import type { EmbeddedBroker } from "../../../gateway/broker/embedded-broker.js";
import { validateConfig } from "../../../gateway/config/load.js";
import { DOMAIN, knownIds } from "../../../gateway/engine/domain.js";
import { buildDemoFirmware } from "../../../scripts/build-gateway.js";
import { quiet, removeDir } from "./ingest-rig.js";

const run = promisify(execFile);
const PROFILE = "home-freezer";
let gateways: Gateway[] = [];
const dirs: string[] = [];

async function start(
  dataDir = mkdtempSync(join(tmpdir(), "mg-app-")),
  extra: Record<string, unknown> = {},
): Promise<Gateway> {
  if (!dirs.includes(dataDir)) dirs.push(dataDir);
  const loaded = validateConfig(
    {
      dataDir,
      mqtt: { host: "127.0.0.1", port: 0 },
      http: { host: "127.0.0.1", port: 0 },
      log: { level: "silent" },
      ...extra,
    },
    knownIds(DOMAIN),
  );
  if (!loaded.ok) throw new Error(loaded.errors.join("\n"));
  const gw = await build({ config: loaded.config, domain: DOMAIN, log: quiet });
  gateways.push(gw);
  await gw.start();
  return gw;
}

// the demo's sensors run the firmware `npm run build` prebuilds; a clean clone has none yet
beforeAll(() => buildDemoFirmware());

afterEach(async () => {
  for (const gw of gateways) await gw.close();
  gateways = [];
  for (const d of dirs.splice(0)) removeDir(d);
});

function addFreezer(gw: Gateway, id: string) {
  gw.site.units.put({ id: `unit-${id}`, name: `Freezer ${id}`, profileId: PROFILE, createdAtMs: Date.now() });
  return gw.devices.create({ id, unitId: `unit-${id}` }, "test");
}

/** Readings of one device: `temps[i]` taken `minutesAgo[i]` minutes before now. */
function readings(firstSeq: number, points: [minutesAgo: number, tempC: number][]): string {
  const nowS = Math.floor(Date.now() / 1000);
  const r = points.map(([ago, c], i) => ({ s: firstSeq + i, t: nowS - ago * 60, c }));
  return JSON.stringify({ v: 1, boot: 1, up: 100, r });
}

/** Too warm for longer than the profile's alarm delay, a reading a minute. */
function tooWarmFor(gw: Gateway, firstSeq = 0): string {
  const profile = gw.catalog.profile(PROFILE);
  if (!profile) throw new Error("no profile");
  const minutes = profile.alarmDelayMin.value + 5;
  const hot = profile.criticalHighC.value + 3;
  return readings(
    firstSeq,
    Array.from({ length: minutes + 1 }, (_, i) => [minutes - i, hot] as [number, number]),
  );
}

describe("the gateway, end to end", () => {
  it("stores a reading from mosquitto_pub, acks it on the device's topic, and alerts over the threshold", async () => {
    const gw = await start();
    const { password } = addFreezer(gw, "kitchen");
    // The device is mosquitto_pub (client id = device id, so no second connection as "kitchen"):
    // its ack topic is watched inside the broker.
    const { aedes } = gw.link.opened as EmbeddedBroker;
    let onAck: (text: string) => void = () => {};
    const acked = new Promise<string>((resolve) => {
      onAck = resolve;
    });
    await new Promise<void>((subscribed) =>
      aedes.subscribe(
        "milkguard/kitchen/ack",
        (packet, done) => {
          onAck(packet.payload.toString());
          done();
        },
        subscribed,
      ),
    );
    const payload = tooWarmFor(gw);
    await run("mosquitto_pub", [
      "-h",
      "127.0.0.1",
      "-p",
      String(gw.mqttPort),
      "-u",
      "kitchen",
      "-P",
      password,
      "-i",
      "kitchen",
      "-q",
      "1",
      "-t",
      "milkguard/kitchen/readings",
      "-m",
      payload,
    ]);
    const count = (JSON.parse(payload) as { r: unknown[] }).r.length;
    expect(JSON.parse(await acked)).toEqual({ v: 1, upTo: count - 1 });
    const stored = await gw.readings.range({ unitId: "unit-kitchen", fromMs: 0, toMs: Date.now() + 1 });
    expect(stored).toHaveLength(count);
    await expect
      .poll(() => gw.site.alerts.list({ unitId: "unit-kitchen" }).map((a) => [a.kind, a.state]))
      .toContainEqual(["temperature-excursion", "open"]);
  });

  it("keeps readings, open alerts and rule state across a restart, and dedupes the device's resend", async () => {
    const first = await start();
    const { password } = addFreezer(first, "chest");
    const dataDir = first.config.dataDir;
    let client = await mqtt.connectAsync(`mqtt://127.0.0.1:${first.mqttPort}`, {
      username: "chest",
      password,
      clientId: "chest",
      reconnectPeriod: 0,
    });
    const payload = tooWarmFor(first);
    await client.publishAsync("milkguard/chest/readings", payload, { qos: 1 });
    await first.ingest.idle();
    const openAlerts = 1;
    await expect
      .poll(() => first.site.alerts.list({ unitId: "unit-chest", state: ["open"] }).length)
      .toBe(openAlerts);
    await client.endAsync(true);
    await first.close();
    gateways = [];

    const second = await start(dataDir);
    expect(second.site.alerts.list({ unitId: "unit-chest", state: ["open"] })).toHaveLength(openAlerts);
    expect(second.site.ruleState.get("unit-chest")).toBeDefined();
    client = await mqtt.connectAsync(`mqtt://127.0.0.1:${second.mqttPort}`, {
      username: "chest",
      password,
      clientId: "chest",
      reconnectPeriod: 0,
    });
    await client.publishAsync("milkguard/chest/readings", payload, { qos: 1 }); // the device never saw the ack
    await second.ingest.idle();
    const count = (JSON.parse(payload) as { r: unknown[] }).r.length;
    expect(second.metrics.total("milkguard_readings_duplicate_total")).toBe(count);
    expect(
      await second.readings.range({ unitId: "unit-chest", fromMs: 0, toMs: Date.now() + 1 }),
    ).toHaveLength(count);
    expect(second.site.alerts.list({ unitId: "unit-chest" })).toHaveLength(openAlerts);
    await client.endAsync();
  });

  it("takes MQTT over WebSocket on the HTTP port", async () => {
    const gw = await start();
    const { password } = addFreezer(gw, "ws-probe");
    const client = await mqtt.connectAsync(`ws://127.0.0.1:${gw.httpPort}/mqtt`, {
      username: "ws-probe",
      password,
      clientId: "ws-probe",
      reconnectPeriod: 0,
    });
    await client.publishAsync("milkguard/ws-probe/readings", readings(0, [[1, -19.5]]), { qos: 1 });
    await gw.ingest.idle();
    expect((await gw.readings.latest("unit-ws-probe"))?.tempC).toBe(-19.5);
    await client.endAsync();
  });

  it("the demo shows the failed chest freezer's alert within a minute, over real MQTT", async () => {
    const gw = await start(undefined, { demo: { enabled: true } });
    await expect
      .poll(() => gw.site.alerts.list({ unitId: "bea-chest" }).length, { timeout: 60_000, interval: 500 })
      .toBeGreaterThan(0);
    expect(gw.site.units.list()).toHaveLength(5);
    expect(gw.site.trips.list()).toHaveLength(1);
    expect(gw.site.alerts.list({ unitId: "anna-freezer" })).toEqual([]);
  });

  it("the demo seeds its site once and its sensors' history arrives over real MQTT", async () => {
    const gw = await start(undefined, { demo: { enabled: true } });
    // the demo part started with the gateway; started once more, it seeds nothing twice
    const demo = gw.parts.find((p) => p.name === "demo");
    await demo?.stop();
    await demo?.start();
    expect(gw.site.units.list()).toHaveLength(5);
    expect(gw.site.users.list()).toHaveLength(5);
    expect(gw.site.trips.list()).toHaveLength(1);
    expect(gw.site.batches.list({ unitId: "cool-box-1" })).toHaveLength(2);
    const latest = await gw.readings.latest("bea-chest");
    expect(latest?.tempC).toBeGreaterThan(0); // the chest freezer failed hours ago
    const history = await gw.readings.range({ unitId: "anna-freezer", fromMs: 0, toMs: Date.now() + 1 });
    expect(history.length).toBeGreaterThan(300);
  });
});
