import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Batch } from "../../../gateway/store/records.js";
import { type Harness, startHarness, T0 } from "./harness.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const MIN = 60_000;

async function donorBag(label: string): Promise<Batch> {
  const body = {
    label,
    unitId: "ana-freezer",
    volumeMl: 120,
    container: "flat-bag",
    expressedAtMs: T0 - 86_400_000,
    purpose: "donation",
    processing: "raw",
  };
  const res = await h.post("/api/batches", "ana", body);
  expect(res.status).toBe(201);
  return res.body.data;
}

/** the box at -20 C, with 10 minutes at -10 C (above the box's -15 C warning limit) */
async function boxAir(fromMs: number, minutes: number): Promise<void> {
  const readings = Array.from({ length: minutes }, (_, i) => ({
    deviceId: "box-dev",
    unitId: "box-1",
    seq: i + 1,
    timeMs: fromMs + i * MIN,
    tempC: i >= 20 && i < 30 ? -10 : -20,
  }));
  await h.stores.readings.write(readings);
}

describe("a courier's trip", () => {
  it("goes start -> pick-up -> hand-over -> report -> reception, all audited", async () => {
    const bags = [await donorBag('=HYPERLINK("x")'), await donorBag("Bag 2")];
    const started = await h.post("/api/trips", "carl", { boxUnitId: "box-1" });
    expect(started.status).toBe(201);
    const trip = started.body.data;
    expect(trip).toMatchObject({ courierId: "carl", boxUnitId: "box-1", startedAtMs: T0, pickups: [] });
    expect((await h.post("/api/trips", "carl", { boxUnitId: "box-1" })).status).toBe(409);

    h.clock.ms = T0 + 10 * MIN;
    const picked = await h.post(`/api/trips/${trip.id}/pickups`, "carl", {
      donorId: "ana",
      batchIds: bags.map((b) => b.id),
    });
    expect(picked.status).toBe(200);
    expect(picked.body.data.pickups).toMatchObject([
      { donorId: "ana", atMs: T0 + 10 * MIN, batchIds: bags.map((b) => b.id) },
    ]);
    // each bag's state as it went into the box, from which the report replays the box's air
    expect(picked.body.data.pickups[0].thawAtPickup[bags[0]?.id ?? ""]).toMatchObject({ phase: "frozen" });
    expect(h.site.batches.get(bags[0]?.id ?? "")?.unitId).toBe("box-1");
    // the donor sees the trip that collected her milk
    expect((await h.get("/api/trips", "ana")).body.data).toHaveLength(1);

    await boxAir(T0, 60);
    h.clock.ms = T0 + 60 * MIN;
    const handed = await h.post(`/api/trips/${trip.id}/handover`, "carl");
    expect(handed.status).toBe(200);
    const report = handed.body.data.report;
    // the box's air was 10 min above its warning limit but far below freezing: every bag kept its
    // ice, so the milk is accepted and the air's figures stand beside the verdict
    expect(report).toMatchObject({
      fromMs: T0,
      toMs: T0 + 60 * MIN,
      minC: -20,
      maxC: -10,
      verdict: "accept",
      reasons: [],
      version: 1,
      computedAtMs: T0 + 60 * MIN,
      provisional: false,
      gaps: [],
    });
    expect(report.minutesAbove).toEqual({ warningHighC: 10, criticalHighC: 0 });
    expect(report.batches).toHaveLength(2);
    expect(report.batches[0]).toMatchObject({ phase: "frozen", stayedFrozen: true });
    expect((await h.post(`/api/trips/${trip.id}/handover`, "carl")).status).toBe(409);

    const json = await h.get(`/api/trips/${trip.id}/report`, "sam");
    expect(json.body.data.report).toEqual(report);
    const csv = await h.get(`/api/trips/${trip.id}/report.csv`, "sam");
    expect(csv.headers["content-type"]).toMatch(/text\/csv/);
    expect(csv.text).toContain("verdict,accept\r\n");
    expect(csv.text).toContain("min_c,-20\r\n");
    expect(csv.text).toContain(`'=HYPERLINK(""x"")`);
    expect((await h.get(`/api/trips/${trip.id}/report?format=csv`, "sam")).text).toBe(csv.text);

    expect((await h.post(`/api/trips/${trip.id}/reception`, "carl", { decision: "accepted" })).status).toBe(
      403,
    );
    const received = await h.post(`/api/trips/${trip.id}/reception`, "sam", {
      decision: "accepted",
      comment: "all frozen",
    });
    expect(received.body.data.reception).toMatchObject({
      decision: "accepted",
      by: "sam",
      comment: "all frozen",
      reportVersion: 1,
    });
    expect((await h.post(`/api/trips/${trip.id}/reception`, "sam", { decision: "rejected" })).status).toBe(
      409,
    );

    const actions = h.site.audit.list({ subject: `trip:${trip.id}` }).map((e) => [e.action, e.actor]);
    expect(actions).toEqual([
      ["trip.started", "carl"],
      ["trip.pickup", "carl"],
      ["trip.handed-over", "carl"],
      ["trip.received", "sam"],
    ]);
  });

  it("refuses a bag of another donor, a box that is not a cool box, and another courier's trip", async () => {
    const bag = await donorBag("Bag");
    expect((await h.post("/api/trips", "carl", { boxUnitId: "bank-freezer" })).status).toBe(400);
    const trip = (await h.post("/api/trips", "carl", { boxUnitId: "box-1" })).body.data;
    const wrongDonor = await h.post(`/api/trips/${trip.id}/pickups`, "carl", {
      donorId: "dora",
      batchIds: [bag.id],
    });
    expect(wrongDonor.status).toBe(409);
    expect(h.site.batches.get(bag.id)?.unitId).toBe("ana-freezer");
    await h.post(`/api/trips/${trip.id}/pickups`, "carl", { donorId: "ana", batchIds: [bag.id] });
    const twice = await h.post(`/api/trips/${trip.id}/pickups`, "carl", {
      donorId: "ana",
      batchIds: [bag.id],
    });
    expect(twice.status).toBe(409);
    expect((await h.get("/api/trips", "carl")).body.data[0].pickups).toHaveLength(1);
    const noBags = await h.post(`/api/trips/${trip.id}/pickups`, "carl", { donorId: "ana", batchIds: [] });
    expect(noBags.body.field).toBe("batchIds");
    expect((await h.get(`/api/trips/${trip.id}/report`, "carl")).status).toBe(409);
    expect((await h.post(`/api/trips/${trip.id}/reception`, "sam", { decision: "accepted" })).status).toBe(
      409,
    );
    expect((await h.post(`/api/trips/${trip.id}/handover`, "ana")).status).toBe(403);
  });

  it("rejects a trip on which a bag arrived thawed, judging by the box's air from the bag's state at pick-up", async () => {
    await h.feed([{ deviceId: "d", unitId: "ana-freezer", seq: 1, timeMs: T0 - MIN, tempC: -20 }]);
    const bag = await donorBag("Small bag");
    const trip = (await h.post("/api/trips", "carl", { boxUnitId: "box-1" })).body.data;
    await h.post(`/api/trips/${trip.id}/pickups`, "carl", { donorId: "ana", batchIds: [bag.id] });
    // the box's ice packs are spent: 4 h of +20 C air thaws a small bag (about 2 h in the model)
    await h.feed(
      Array.from({ length: 49 }, (_, i) => ({
        deviceId: "box",
        unitId: "box-1",
        seq: i + 1,
        timeMs: T0 + i * 5 * MIN,
        tempC: 20,
      })),
    );
    // the store's copy says frozen (saved earlier); the report replays the box's air instead
    const stored = h.site.batches.get(bag.id) as Batch;
    h.site.batches.put({ ...stored, thaw: { ...stored.thaw, phase: "frozen", iceFraction: 1 } });
    h.clock.ms = T0 + 4 * 60 * MIN;
    const report = (await h.post(`/api/trips/${trip.id}/handover`, "carl")).body.data.report;
    expect(report.batches[0]).toMatchObject({ phase: "thawed", stayedFrozen: false });
    expect(report.verdict).toBe("reject");
    expect(report.reasons.join(" ")).toMatch(/Small bag/);
  });

  it("stamps a pick-up and a hand-over with the time they happened, within the trip and not in the future", async () => {
    const bag = await donorBag("Bag");
    const trip = (await h.post("/api/trips", "carl", { boxUnitId: "box-1" })).body.data;
    h.clock.ms = T0 + 90 * MIN;
    const pickups = `/api/trips/${trip.id}/pickups`;
    const before = await h.post(pickups, "carl", { donorId: "ana", batchIds: [bag.id], atMs: T0 - MIN });
    expect(before.body).toMatchObject({ status: "error", field: "atMs" });
    expect(before.body.error).toMatch(/before the trip started \(2026-11-20 00:00 UTC\)/);
    const ahead = await h.post(pickups, "carl", {
      donorId: "ana",
      batchIds: [bag.id],
      atMs: T0 + 2 * 60 * MIN,
    });
    expect(ahead.body.error).toMatch(/atMs: .* is in the future/);
    // recorded at 01:30, picked up at 00:20
    const picked = await h.post(pickups, "carl", { donorId: "ana", batchIds: [bag.id], atMs: T0 + 20 * MIN });
    expect(picked.body.data.pickups[0].atMs).toBe(T0 + 20 * MIN);
    expect(h.site.batches.moves(bag.id).at(-1)).toMatchObject({ toUnitId: "box-1", atMs: T0 + 20 * MIN });
    const audit = h.site.audit.list({ subject: `trip:${trip.id}` }).at(-1);
    expect(audit).toMatchObject({ atMs: T0 + 90 * MIN, details: { atMs: T0 + 20 * MIN } });

    const handover = `/api/trips/${trip.id}/handover`;
    const tooEarly = await h.post(handover, "carl", { atMs: T0 + 10 * MIN });
    expect(tooEarly.body.error).toMatch(/atMs: .* is before the trip's last event/);
    await boxAir(T0, 60);
    const handed = await h.post(handover, "carl", { atMs: T0 + 60 * MIN });
    expect(handed.body.data).toMatchObject({ endedAtMs: T0 + 60 * MIN, report: { toMs: T0 + 60 * MIN } });
  });

  it("names a gap in the box's readings, needs a reason to receive it, and completes when the gap is filled", async () => {
    const bag = await donorBag("Bag");
    const doras = { ...bag, id: undefined, label: "Dora's bag", unitId: "dora-freezer" };
    const dora = (await h.post("/api/batches", "dora", doras)).body.data;
    const trip = (await h.post("/api/trips", "carl", { boxUnitId: "box-1" })).body.data;
    await h.post(`/api/trips/${trip.id}/pickups`, "carl", { donorId: "ana", batchIds: [bag.id] });
    await h.post(`/api/trips/${trip.id}/pickups`, "carl", { donorId: "dora", batchIds: [dora.id] });
    const box = (seq: number, minute: number) => ({
      deviceId: "box-dev",
      unitId: "box-1",
      seq,
      timeMs: T0 + minute * MIN,
      tempC: -20,
    });
    const minutes = Array.from({ length: 61 }, (_, i) => i);
    // the box's upload stopped short: minutes 20 to 40 are not in yet
    await h.feed(minutes.filter((m) => m < 20 || m > 40).map((m) => box(m, m)));
    h.clock.ms = T0 + 60 * MIN;
    const report = (await h.post(`/api/trips/${trip.id}/handover`, "carl")).body.data.report;
    expect(report).toMatchObject({
      verdict: "review",
      provisional: true,
      gaps: [{ fromMs: T0 + 19 * MIN, toMs: T0 + 41 * MIN }],
      reasons: [
        "no readings of the box's air from 2026-11-20 00:19 UTC to 2026-11-20 00:41 UTC (22 min): the milk's state then is not known",
      ],
    });
    const reception = `/api/trips/${trip.id}/reception`;
    const noReason = await h.post(reception, "sam", { decision: "accepted" });
    expect(noReason.body).toMatchObject({ status: "error", field: "comment" });
    expect(noReason.body.error).toMatch(
      /provisional .*no readings of the box's air from 2026-11-20 00:19 UTC/,
    );

    await h.feed(minutes.filter((m) => m >= 20 && m <= 40).map((m) => box(m, m)));
    await vi.waitFor(async () => {
      const now = (await h.get(`/api/trips/${trip.id}/report`, "sam")).body.data;
      expect(now.report).toMatchObject({ version: 2, verdict: "accept", provisional: false, gaps: [] });
      expect(now.trip.earlierReports).toEqual([report]);
    });
    const received = await h.post(reception, "sam", { decision: "accepted" });
    expect(received.body.data.reception).toMatchObject({ decision: "accepted", reportVersion: 2 });
    // a donor sees her own bags in every version, never another donor's
    const anas = (await h.get("/api/trips", "ana")).body.data[0];
    expect(JSON.stringify(anas)).not.toContain(dora.id);
    expect(anas.earlierReports[0].batches.map((b: { batchId: string }) => b.batchId)).toEqual([bag.id]);
  });
});
