// Nothing refused is lost, and an ack never lies (issue 11), over real MQTT to the real gateway on a
// real SQLite file: a refused reading is kept in the quarantine, acked as refused (not as stored),
// seen by staff and in /metrics, and released by an admin with a clock correction into the store and
// the rules; a flooding device is held to its quarantine's limit.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Gateway } from "../../../gateway/app.js";
import { hashPassword } from "../../../gateway/auth/passwords.js";
import { MAX_QUARANTINED_PER_DEVICE, type QuarantinedReading } from "../../../gateway/store/quarantine.js";
import { decodeAck } from "../../../shared/protocol/codec.js";
import type { AckMessage } from "../../../shared/protocol/types.js";
import { connectDevice, startGateway } from "./gateway-rig.js";
import { removeDir } from "./ingest-rig.js";

const DAY_S = 86_400;
const PASSWORD = "correct horse battery";
const dir = mkdtempSync(join(tmpdir(), "mg-quarantine-"));
let gw: Gateway;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  gw = await startGateway(dir);
  const passwordHash = await hashPassword(PASSWORD);
  for (const [name, role] of [
    ["boss", "admin"],
    ["sam", "staff"],
  ] as const) {
    gw.site.users.put({ id: name, name, displayName: name, role, passwordHash });
    const res = await fetch(`${gw.url}api/login`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ name, password: PASSWORD }),
    });
    tokens[name] = ((await res.json()) as { data: { token: string } }).data.token;
  }
});
afterAll(async () => {
  await gw.close();
  removeDir(dir);
});

async function api<T>(path: string, user: string, body?: object): Promise<T> {
  const res = await fetch(`${gw.url}api${path}`, {
    method: body ? "POST" : "GET",
    headers: { Authorization: `Bearer ${tokens[user]}`, "Content-Type": "application/json" },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const json = (await res.json()) as { data: T };
  expect(res.status, JSON.stringify(json)).toBe(200);
  return json.data;
}

/** a device of a new unit, logged in and listening to its acks (each one decoded as the firmware does) */
async function device(id: string, unitId: string): Promise<{ client: MqttClient; acks: AckMessage[] }> {
  gw.site.units.put({ id: unitId, name: unitId, profileId: "bank-freezer", createdAtMs: 0 });
  const client = await connectDevice(gw, id, unitId);
  const acks: AckMessage[] = [];
  client.on("message", (_topic, payload) => {
    const ack = decodeAck(payload);
    if (ack.ok) acks.push(ack.value);
  });
  await client.subscribeAsync(`milkguard/${id}/ack`, { qos: 1 });
  return { client, acks };
}

async function send(client: MqttClient, id: string, r: object[]): Promise<void> {
  await client.publishAsync(`milkguard/${id}/readings`, JSON.stringify({ v: 1, boot: 1, up: 1, r }), {
    qos: 1,
  });
  await gw.ingest.idle();
  // the ack goes out through the broker: give it the turn it takes to arrive
  await new Promise((resolve) => setTimeout(resolve, 50));
}

const metric = async (line: string) => {
  const text = await (await fetch(`${gw.url}metrics`)).text();
  return Number(
    text
      .split("\n")
      .find((l) => l.startsWith(`${line} `))
      ?.split(" ")[1] ?? 0,
  );
};

describe("a reading the gateway refuses", () => {
  it("is quarantined and acked as refused; the good ones around it are stored; an admin releases it with a clock correction", async () => {
    const { client, acks } = await device("fridge-probe", "fridge-1");
    const nowS = Math.floor(Date.now() / 1000);
    const good = (s: number) => ({ s, t: nowS - 600 + s * 60, c: -24 });
    // seq 2's clock ran a day ahead
    const ahead = { s: 2, t: nowS - 600 + 120 + DAY_S, c: -23.5 };
    await send(client, "fridge-probe", [good(0), good(1), ahead, good(3), good(4)]);

    expect(acks).toEqual([{ v: 1, upTo: 4, refused: [[2, 2]] }]);
    const stored = () =>
      gw.readings.range({ unitId: "fridge-1", fromMs: 0, toMs: (nowS + 2 * DAY_S) * 1000 });
    expect((await stored()).map((r) => r.seq)).toEqual([0, 1, 3, 4]);

    const seen = await api<{ held: number; readings: QuarantinedReading[] }>(
      "/quarantine?deviceId=fridge-probe",
      "sam",
    );
    expect(seen.held).toBe(1);
    expect(seen.readings).toEqual([
      expect.objectContaining({
        deviceId: "fridge-probe",
        unitId: "fridge-1",
        seq: 2,
        raw: JSON.stringify(ahead),
        reason: "future_time",
      }),
    ]);
    const byUnit = await api<{ readings: QuarantinedReading[] }>(
      "/quarantine?unitId=fridge-1&reason=future_time",
      "sam",
    );
    expect(byUnit.readings.map((q) => q.seq)).toEqual([2]);
    expect(
      (await api<{ readings: unknown[] }>("/quarantine?reason=before_earliest_time", "sam")).readings,
    ).toEqual([]);
    const unclear = await fetch(`${gw.url}api/quarantine/release`, {
      method: "POST",
      headers: { Authorization: `Bearer ${tokens.boss}`, "Content-Type": "application/json" },
      body: JSON.stringify({ deviceId: "fridge-probe" }),
    });
    expect(unclear.status).toBe(400);
    expect(await metric('milkguard_readings_quarantined_total{reason="future_time"}')).toBe(1);
    expect(await metric('milkguard_readings_quarantine_held{reason="future_time"}')).toBe(1);

    const released = await api<{ released: number; kept: unknown[] }>("/quarantine/release", "boss", {
      ids: [seen.readings[0]?.id],
      offsetS: -DAY_S,
      comment: "probe's clock was a day ahead",
    });
    expect(released).toMatchObject({ released: 1, kept: [] });
    expect((await stored()).map((r) => [r.seq, r.timeMs])).toEqual(
      [0, 1, 2, 3, 4].map((s) => [s, (nowS - 600 + s * 60) * 1000]),
    );
    expect((await api<{ held: number }>("/quarantine", "sam")).held).toBe(0);
    expect(await metric('milkguard_readings_quarantine_held{reason="future_time"}')).toBe(0);
    const audit = gw.site.audit.list({ subject: "quarantine" });
    expect(audit.at(-1)).toMatchObject({
      actor: "boss",
      action: "quarantine.released",
      details: { offsetS: -DAY_S, released: 1, releasedSeqs: { "fridge-probe": [[2, 2]] } },
    });
    await client.endAsync();
  });

  it("a stretch stamped by a clock a day ahead is released and judged: the warm spell it hid raises the excursion", async () => {
    const { client, acks } = await device("chest-probe", "chest-1");
    const nowS = Math.floor(Date.now() / 1000);
    const cold = Array.from({ length: 5 }, (_, s) => ({ s, t: nowS - 3000 + s * 60, c: -25 }));
    // the lid was left open for 45 minutes while the probe's clock ran a day ahead
    const warm = Array.from({ length: 45 }, (_, i) => ({ s: 5 + i, t: nowS - 2700 + i * 60 + DAY_S, c: -8 }));
    await send(client, "chest-probe", [...cold, ...warm]);
    expect(acks).toEqual([{ v: 1, upTo: 49, refused: [[5, 49]] }]);
    expect(gw.engine.conditions("chest-1").excursion).toBeNull();

    // a clock correction that still leaves them in the future keeps them, with why
    const tooLittle = await api<{ released: number; kept: { why: string }[] }>(
      "/quarantine/release",
      "boss",
      {
        deviceId: "chest-probe",
        reason: "future_time",
        offsetS: -3600,
      },
    );
    expect(tooLittle.released).toBe(0);
    expect(new Set(tooLittle.kept.map((k) => k.why))).toEqual(new Set(["future_time"]));

    const released = await api<{ released: number }>("/quarantine/release", "boss", {
      deviceId: "chest-probe",
      reason: "future_time",
      offsetS: -DAY_S,
    });
    expect(released.released).toBe(45);
    await gw.ingest.idle();
    expect(gw.engine.conditions("chest-1").excursion).toBe("critical");
    const alerts = gw.site.alerts.list({ unitId: "chest-1" });
    expect(alerts.map((a) => a.kind)).toEqual(["temperature-excursion"]);
    expect(gw.metrics.total("milkguard_readings_not_judged_total")).toBe(0);
    await client.endAsync();
  });

  it("more refused ranges than one ack may list are told in several acks in a row, each with a true upTo", async () => {
    const { client, acks } = await device("flicker", "flicker-1");
    const nowS = Math.floor(Date.now() / 1000);
    // every other reading's clock jumps a day ahead: 50 refused ranges in one batch
    const r = Array.from({ length: 100 }, (_, s) => ({
      s,
      t: nowS - 6000 + s * 60 + (s % 2) * DAY_S,
      c: -19,
    }));
    await send(client, "flicker", r);
    const odd = (from: number, to: number) =>
      Array.from({ length: (to - from) / 2 + 1 }, (_, k) => [from + 2 * k, from + 2 * k]);
    expect(acks).toEqual([
      { v: 1, upTo: 32, refused: odd(1, 31) },
      { v: 1, upTo: 64, refused: odd(33, 63) },
      { v: 1, upTo: 96, refused: odd(65, 95) },
      { v: 1, upTo: 99, refused: odd(97, 99) },
    ]);
    await client.endAsync();
  });

  it(`a flooding device is held to ${MAX_QUARANTINED_PER_DEVICE} readings, the rest counted, and is still acked`, async () => {
    const { client, acks } = await device("flood", "flood-1");
    const farS = Math.floor(Date.now() / 1000) + 10 * DAY_S;
    const batches = Math.ceil(MAX_QUARANTINED_PER_DEVICE / 100) + 2;
    for (let b = 0; b < batches; b++) {
      const r = Array.from({ length: 100 }, (_, i) => ({ s: b * 100 + i, t: farS, c: -18 }));
      await client.publishAsync("milkguard/flood/readings", JSON.stringify({ v: 1, boot: 1, up: 1, r }), {
        qos: 1,
      });
    }
    await gw.ingest.idle();
    const seen = await api<{ overflow: { deviceId: string; count: number }[] }>("/quarantine?limit=1", "sam");
    expect(gw.site.quarantine.list({ deviceId: "flood" })).toHaveLength(MAX_QUARANTINED_PER_DEVICE);
    expect(seen.overflow).toEqual([
      expect.objectContaining({ deviceId: "flood", count: batches * 100 - MAX_QUARANTINED_PER_DEVICE }),
    ]);
    expect(await metric("milkguard_readings_quarantine_overflow_total")).toBe(
      batches * 100 - MAX_QUARANTINED_PER_DEVICE,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(acks.at(-1)?.upTo).toBe(batches * 100 - 1);
    await client.endAsync();
  });
});
