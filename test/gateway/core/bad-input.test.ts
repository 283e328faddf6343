// Bad input from devices and strangers: each is refused and counted, and the gateway keeps serving.
import mqtt from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addDevice,
  connectDevice,
  nextAck,
  type Rig,
  readingsPayload,
  removeDir,
  startRig,
} from "./ingest-rig.js";

const T0_S = Date.UTC(2026, 10, 24, 11) / 1000;
let r: Rig;
let password = "";

beforeAll(async () => {
  r = await startRig();
  password = addDevice(r, "good").password;
  addDevice(r, "other");
});

afterAll(async () => {
  await r.close();
  removeDir(r.dir);
});

const refused = (reason: string) => r.metrics.value("milkguard_auth_failures_total", { reason });

/** After every bad input the same device still gets its readings stored and acked. */
async function stillServing(seq: number): Promise<void> {
  const client = await connectDevice(r.port, "good", password);
  const ack = nextAck(client);
  await client.publishAsync("milkguard/good/readings", readingsPayload([seq], T0_S + seq * 60), { qos: 1 });
  expect(await ack).toBe(seq);
  await client.endAsync();
}

async function publishAsGood(payload: string | Buffer): Promise<void> {
  const client = await connectDevice(r.port, "good", password);
  await client.publishAsync("milkguard/good/readings", payload, { qos: 1 });
  await r.ingest.idle();
  await client.endAsync();
}

describe("bad input is refused, counted, and never stops the gateway", () => {
  it.each([
    ["malformed JSON", '{"v":1,"boot":1,', "payload:malformed_json"],
    ["wrong protocol version", JSON.stringify({ v: 99, boot: 1, up: 1, r: [] }), "v:unsupported_version"],
    ["missing readings", JSON.stringify({ v: 1, boot: 1, up: 1 }), "r:missing"],
    ["missing sequence", JSON.stringify({ v: 1, boot: 1, up: 1, r: [{ t: T0_S, c: -18 }] }), "r[].s:missing"],
    [
      "NaN written out",
      '{"v":1,"boot":1,"up":1,"r":[{"s":0,"t":1795518000,"c":NaN}]}',
      "payload:malformed_json",
    ],
    [
      "a temperature that is not a number",
      // a sequence the device has not sent yet: a known one would be a resend, dropped as such
      () => JSON.stringify({ v: 1, boot: 1, up: 1, r: [{ s: nextSeq(), t: T0_S, c: "NaN" }] }),
      "r[].c:not_a_number",
    ],
  ])("%s", async (_name, payload: string | (() => string), reason) => {
    const before = r.metrics.total("milkguard_readings_rejected_total");
    await publishAsGood(typeof payload === "string" ? payload : payload());
    expect(r.metrics.total("milkguard_readings_rejected_total")).toBe(before + 1);
    expect(
      Object.keys(countsByReason()),
      `reasons seen: ${Object.keys(countsByReason()).join(", ")}`,
    ).toContain(reason);
    await stillServing(nextSeq());
  });

  it("a huge payload", async () => {
    const client = await connectDevice(r.port, "good", password);
    const closed = new Promise<void>((resolve) => client.once("close", () => resolve()));
    // over the payload limit (16 KiB) yet under the broker's packet limit, so the broker reads it
    client.publish("milkguard/good/readings", Buffer.alloc(32 * 1024, 32), { qos: 1 });
    await closed;
    client.end(true);
    expect(refused("payload_too_large")).toBe(1);
    await stillServing(nextSeq());
  });

  it("publishing on another device's topic", async () => {
    const client = await connectDevice(r.port, "good", password);
    const closed = new Promise<void>((resolve) => client.once("close", () => resolve()));
    client.publish("milkguard/other/readings", readingsPayload([0], T0_S), { qos: 1 });
    await closed;
    client.end(true);
    expect(refused("foreign_topic_publish")).toBe(1);
    expect(await r.stores.readings.latest("unit-other")).toBeUndefined();
    await stillServing(nextSeq());
  });

  it("subscribing to another device's acks", async () => {
    const client = await connectDevice(r.port, "good", password);
    await expect(client.subscribeAsync("milkguard/other/ack", { qos: 1 })).rejects.toThrow(/Subscribe error/);
    await client.endAsync();
    expect(refused("foreign_topic_subscribe")).toBe(1);
  });

  it.each([
    ["a wrong password", "good", "not-the-password", "wrong_password"],
    ["an unknown device", "nobody", "whatever", "unknown_device"],
  ])("%s", async (_name, username, pw, reason) => {
    const attempt = mqtt.connectAsync(`mqtt://127.0.0.1:${r.port}`, {
      username,
      password: pw,
      reconnectPeriod: 0,
    });
    await expect(attempt).rejects.toThrow(/Bad username or password|Not authorized/i);
    expect(refused(reason)).toBe(1);
    await stillServing(nextSeq());
  });
});

let seq = -1;
function nextSeq(): number {
  seq += 1;
  return seq;
}

function countsByReason(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of r.metrics.render().split("\n")) {
    const m = /^milkguard_readings_rejected_total\{reason="([^"]+)"\} (\d+)/.exec(line);
    if (m?.[1]) out[m[1]] = Number(m[2]);
  }
  return out;
}
