// A long report must not stop the gateway: while staff load a year of one freezer (its daily record
// counted for limits the rollups were not counted for, a bag's thaw curve replayed from the day it went
// in), a device in another freezer keeps publishing and keeps getting its acks. On a store that read
// and computed the whole year in one go, no ack came until the answer had gone.
import type { MqttClient } from "mqtt";
import request from "supertest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { connectDevice } from "../core/gateway-rig.js";
import { type Harness, startHarness, T0 } from "../http/harness.js";
import { batch } from "../store/records.fixture.js";

const MIN = 60_000;
const DAY = 1440 * MIN;
const YEAR = 365 * DAY;
const STEP = 5 * MIN;

let h: Harness;
let device: MqttClient;
beforeEach(async () => {
  h = await startHarness();
  const year = Array.from({ length: YEAR / STEP }, (_, i) => ({
    deviceId: "bank-probe",
    unitId: "bank-freezer",
    seq: i + 1,
    timeMs: T0 - YEAR + i * STEP,
    tempC: -20 + (i % 7) * 0.0625,
  }));
  for (let i = 0; i < year.length; i += 5000) await h.stores.readings.write(year.slice(i, i + 5000));
  h.site.batches.put({ ...batch("old-bag", "bank-freezer"), createdAtMs: T0 - YEAR });
  device = await connectDevice(h.gw, "live-probe", "ana-freezer");
  await device.subscribeAsync("milkguard/live-probe/ack", { qos: 1 });
}, 60_000);
afterEach(async () => {
  await device.endAsync();
  await h.close();
});

/** acks the device gets while staff's GET `path` is under way, publishing one reading after each ack */
async function acksDuring(path: string): Promise<number> {
  const token = await h.login("sam");
  let seq = 0;
  let during = 0;
  let busy = true;
  let published = Promise.resolve();
  const publishNext = () => {
    seq += 1;
    const r = [{ s: seq, t: Math.floor(T0 / 1000) + seq, c: -19 }];
    const payload = JSON.stringify({ v: 1, boot: 1, up: seq, r });
    published = device.publishAsync("milkguard/live-probe/readings", payload, { qos: 1 }).then(() => {});
  };
  device.on("message", (topic) => {
    if (!topic.endsWith("/ack") || !busy) return;
    during += 1;
    publishNext();
  });
  publishNext();
  const res = await request(h.app).get(path).set("Authorization", `Bearer ${token}`);
  busy = false;
  await published;
  expect(res.status).toBe(200);
  return during;
}

describe("a long request and a device's acks", () => {
  it("acks keep coming while the daily record of a year is counted", async () => {
    const during = await acksDuring(
      `/api/reports/daily?unitId=bank-freezer&from=${T0 - YEAR}&to=${T0}&format=csv`,
    );
    expect(during).toBeGreaterThanOrEqual(5);
  });

  it("acks keep coming while a bag's thaw curve is replayed from the day it went in, a year ago", async () => {
    const during = await acksDuring(`/api/batches/old-bag/thaw?from=${T0 - DAY}&to=${T0}`);
    expect(during).toBeGreaterThanOrEqual(5);
  });
});
