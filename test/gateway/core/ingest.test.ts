// Readings over real MQTT (aedes over TCP, mqtt.js and Debian's mosquitto_pub) into a real SQLite
// file: stored, acked only once durable, deduplicated, placed in event time, across a restart.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import type { StoredReading } from "../../../gateway/store/readings-store.js";
import { signPayload } from "../../../shared/protocol/hmac.js";
import {
  addDevice,
  connectDevice,
  nextAck,
  type Rig,
  readingsPayload,
  removeDir,
  startRig,
} from "./ingest-rig.js";

const run = promisify(execFile);
const T0_S = Date.UTC(2026, 10, 24, 11) / 1000;
let rigs: Rig[] = [];
const dirs: string[] = [];

async function rig(dir?: string, readingsVia?: Parameters<typeof startRig>[1]): Promise<Rig> {
  const r = await startRig(dir, readingsVia);
  rigs.push(r);
  if (!dirs.includes(r.dir)) dirs.push(r.dir);
  return r;
}

afterEach(async () => {
  for (const r of rigs) await r.close();
  rigs = [];
  for (const d of dirs.splice(0)) removeDir(d);
});

function storedCount(r: Rig, deviceId: string): number {
  // A second connection to the file sees only what is committed.
  const db = new Database(join(r.dir, "milkguard.db"), { readonly: true });
  try {
    return (
      db.prepare("SELECT count(*) AS n FROM readings WHERE device_id = ?").get(deviceId) as { n: number }
    ).n;
  } finally {
    db.close();
  }
}

describe("ingest over real MQTT", () => {
  it("acks the highest contiguous sequence only once the readings are committed to the file", async () => {
    const r = await rig();
    const { password } = addDevice(r, "probe-a");
    const client = await connectDevice(r.port, "probe-a", password);
    const ack = nextAck(client);
    await client.publishAsync("milkguard/probe-a/readings", readingsPayload([0, 1, 2, 3, 4], T0_S), {
      qos: 1,
    });
    expect(await ack).toBe(4);
    expect(storedCount(r, "probe-a")).toBe(5);
    await client.endAsync();
  });

  it("acks a device that comes online while its readings are being stored past them, not before", async () => {
    // A store that takes its time to say a write is durable (an fsync, an InfluxDB round trip): an ack
    // sent meanwhile would name the position before those readings, and the device would number its
    // next readings with their sequences, which the gateway then drops as repeats.
    const slow = { held: false, waiting: [] as (() => void)[] };
    const r = await rig(undefined, (file) => {
      const write = async (readings: StoredReading[]) => {
        await file.write(readings);
        if (slow.held) await new Promise<void>((resolve) => slow.waiting.push(resolve));
      };
      return new Proxy(file, { get: (store, key) => (key === "write" ? write : Reflect.get(store, key)) });
    });
    const { password } = addDevice(r, "probe-h");
    const client = await connectDevice(r.port, "probe-h", password);
    await client.subscribeAsync("milkguard/probe-h/config", { qos: 1 });
    let ack = nextAck(client);
    await client.publishAsync("milkguard/probe-h/readings", readingsPayload([0, 1], T0_S), { qos: 1 });
    expect(await ack).toBe(1);
    slow.held = true;
    await client.publishAsync("milkguard/probe-h/readings", readingsPayload([2, 3, 4], T0_S + 120), {
      qos: 1,
    });
    await expect.poll(() => slow.waiting.length).toBe(1);
    ack = nextAck(client);
    const config = new Promise((resolve) => client.once("message", resolve));
    await client.publishAsync("milkguard/probe-h/status", JSON.stringify({ v: 1, state: "online" }), {
      qos: 1,
      retain: true,
    });
    await config;
    await new Promise((resolve) => setTimeout(resolve, 50));
    slow.held = false;
    for (const durable of slow.waiting.splice(0)) durable();
    expect(await ack).toBe(4);
    await client.endAsync();
  });

  it("keeps one copy of a resent batch and acks it again", async () => {
    const r = await rig();
    const { password } = addDevice(r, "probe-b");
    const client = await connectDevice(r.port, "probe-b", password);
    let ack = nextAck(client);
    await client.publishAsync("milkguard/probe-b/readings", readingsPayload([0, 1, 2], T0_S), { qos: 1 });
    await ack;
    ack = nextAck(client);
    await client.publishAsync("milkguard/probe-b/readings", readingsPayload([0, 1, 2, 3], T0_S), { qos: 1 });
    expect(await ack).toBe(3);
    expect(storedCount(r, "probe-b")).toBe(4);
    expect(r.metrics.total("milkguard_readings_duplicate_total")).toBe(3);
    await r.ingest.idle();
    expect(r.announced.map((x) => x.seq)).toEqual([0, 1, 2, 3]);
    await client.endAsync();
  });

  it("places a late batch (a cool box offline for hours) at its event time, before newer readings", async () => {
    const r = await rig();
    const { password, device } = addDevice(r, "box-1");
    const client = await connectDevice(r.port, "box-1", password);
    let ack = nextAck(client);
    await client.publishAsync("milkguard/box-1/readings", readingsPayload([0, 1], T0_S + 1800), { qos: 1 });
    await ack;
    ack = nextAck(client);
    const late = JSON.stringify({ v: 1, boot: 1, up: 100, r: [{ s: 2, t: T0_S - 3 * 3600, c: -5 }] });
    await client.publishAsync("milkguard/box-1/readings", late, { qos: 1 });
    expect(await ack).toBe(2);
    const stored = await r.stores.readings.range({
      unitId: device.unitId,
      fromMs: 0,
      toMs: Number.MAX_SAFE_INTEGER,
    });
    expect(stored.map((x) => [x.seq, x.timeMs])).toEqual([
      [2, (T0_S - 3 * 3600) * 1000],
      [0, (T0_S + 1800) * 1000],
      [1, (T0_S + 1860) * 1000],
    ]);
    await client.endAsync();
  });

  it("places readings stamped in seconds since boot by the batch's uptime at arrival", async () => {
    const r = await rig();
    const { password, device } = addDevice(r, "probe-c");
    const client = await connectDevice(r.port, "probe-c", password);
    const ack = nextAck(client);
    const msg = {
      v: 1,
      boot: 7,
      up: 600,
      r: [
        { s: 0, t: 540, c: -18.5, u: 1, b: 7 },
        { s: 1, t: 10, c: -18, u: 1, b: 6 },
      ],
    };
    await client.publishAsync("milkguard/probe-c/readings", JSON.stringify(msg), { qos: 1 });
    expect(await ack).toBe(1); // the reading of another boot cannot be placed: refused, counted, not resent forever
    const stored = await r.stores.readings.range({
      unitId: device.unitId,
      fromMs: 0,
      toMs: Number.MAX_SAFE_INTEGER,
    });
    expect(stored.map((x) => x.timeMs)).toEqual([r.clock.now() - 60_000]);
    expect(r.metrics.value("milkguard_readings_rejected_total", { reason: "uptime_of_other_boot" })).toBe(1);
    // Synced since: the device's clock at sending places them, however long the message was held up.
    const next = nextAck(client);
    const nowS = r.clock.now() / 1000 - 3600;
    const synced = { v: 1, boot: 7, up: 900, now: nowS, r: [{ s: 2, t: 840, c: -18, u: 1, b: 7 }] };
    await client.publishAsync("milkguard/probe-c/readings", JSON.stringify(synced), { qos: 1 });
    expect(await next).toBe(2);
    expect((await r.stores.readings.latest(device.unitId))?.timeMs).toBe(r.clock.now() - 60_000);
    const all = await r.stores.readings.range({
      unitId: device.unitId,
      fromMs: 0,
      toMs: Number.MAX_SAFE_INTEGER,
    });
    expect(all.map((x) => x.timeMs)).toEqual([(nowS - 60) * 1000, r.clock.now() - 60_000]);
    await client.endAsync();
  });

  it("after a restart keeps every acked reading and dedupes the device's resend of unacked ones", async () => {
    const first = await rig();
    const { password } = addDevice(first, "probe-d");
    let client = await connectDevice(first.port, "probe-d", password);
    const ack = nextAck(client);
    await client.publishAsync("milkguard/probe-d/readings", readingsPayload([0, 1, 2, 3, 4], T0_S), {
      qos: 1,
    });
    expect(await ack).toBe(4);
    // mid-stream: the next batch is received but the gateway stops before the device sees an ack
    client.publish("milkguard/probe-d/readings", readingsPayload([5, 6, 7], T0_S + 300), { qos: 1 });
    await first.ingest.idle();
    await client.endAsync(true);
    await first.close();
    rigs = [];

    const second = await rig(first.dir);
    client = await connectDevice(second.port, "probe-d", password);
    const again = nextAck(client);
    await client.publishAsync("milkguard/probe-d/readings", readingsPayload([5, 6, 7, 8], T0_S + 300), {
      qos: 1,
    });
    expect(await again).toBe(8);
    expect(storedCount(second, "probe-d")).toBe(9);
    await client.endAsync();
  });

  it("verifies a per-message HMAC when the message carries one", async () => {
    const r = await rig();
    const { password, hmacKey } = addDevice(r, "probe-e");
    const client = await connectDevice(r.port, "probe-e", password);
    let ack = nextAck(client);
    await client.publishAsync(
      "milkguard/probe-e/readings",
      signPayload(hmacKey, readingsPayload([0], T0_S)),
      { qos: 1 },
    );
    expect(await ack).toBe(0);
    ack = nextAck(client);
    await client.publishAsync(
      "milkguard/probe-e/readings",
      signPayload("wrong-key", readingsPayload([1], T0_S)),
      { qos: 1 },
    );
    await client.publishAsync("milkguard/probe-e/readings", readingsPayload([2], T0_S), { qos: 1 });
    // The forged seq 1 is refused and stored nowhere; the device's next batch starts at 2, so the
    // device no longer holds 1: the ack moves on and the gap is counted.
    expect(await ack).toBe(2);
    expect(r.metrics.value("milkguard_readings_rejected_total", { reason: "mac_mismatch" })).toBe(1);
    expect(r.metrics.total("milkguard_sequence_gaps_total")).toBe(1);
    expect(storedCount(r, "probe-e")).toBe(2);
    await client.endAsync();
  });

  it("stores a reading published by Debian's mosquitto_pub", async () => {
    const r = await rig();
    const { password, device } = addDevice(r, "probe-f");
    const payload = readingsPayload([0], T0_S, -17.25);
    await run("mosquitto_pub", [
      "-h",
      "127.0.0.1",
      "-p",
      String(r.port),
      "-u",
      "probe-f",
      "-P",
      password,
      "-i",
      "probe-f",
      "-q",
      "1",
      "-t",
      "milkguard/probe-f/readings",
      "-m",
      payload,
    ]);
    await expect.poll(() => storedCount(r, "probe-f")).toBe(1);
    const latest = await r.stores.readings.latest(device.unitId);
    expect(latest?.tempC).toBe(-17.25);
  });
});
