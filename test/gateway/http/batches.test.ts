import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DOMAIN } from "../../../gateway/engine/domain.js";
import { type Harness, startHarness, T0 } from "./harness.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const bag = {
  label: "Bag",
  unitId: "ana-freezer",
  volumeMl: 120,
  container: "flat-bag",
  expressedAtMs: T0,
  purpose: "own",
  processing: "raw",
};

describe("bags", () => {
  it("discards a bag with a reason, and asks for the reason when it is missing", async () => {
    const created = (await h.post("/api/batches", "ana", bag)).body.data;
    const noReason = await h.post(`/api/batches/${created.id}/discard`, "ana", {});
    expect(noReason.body).toMatchObject({ code: "MILK_ERR_INVALID", field: "reason" });
    const discarded = await h.post(`/api/batches/${created.id}/discard`, "ana", { reason: "smelled sour" });
    expect(discarded.body.data).toMatchObject({
      unitId: null,
      thaw: { phase: "discard", discardReason: "smelled sour" },
    });
    // still hers to see, though no longer in any unit
    expect((await h.get("/api/batches?donorId=ana", "ana")).body.data).toHaveLength(1);
    expect((await h.get("/api/batches?unitId=ana-freezer", "ana")).body.data).toHaveLength(0);
  });

  it("filters bags by unit and donor for staff", async () => {
    await h.post("/api/batches", "ana", bag);
    await h.post("/api/batches", "sam", { ...bag, unitId: "bank-freezer", donorId: "dora" });
    expect((await h.get("/api/batches", "sam")).body.data).toHaveLength(2);
    const doras = (await h.get("/api/batches?donorId=dora", "sam")).body.data;
    expect(doras.map((b: { unitId: string }) => b.unitId)).toEqual(["bank-freezer"]);
  });
});

describe("a bag registered after it went in", () => {
  const HOUR = 3_600_000;
  /** Ana's freezer yesterday: -20 C, then a power cut: +10 C for the last 3 h, read once a minute */
  async function yesterday(): Promise<void> {
    const readings = Array.from({ length: 24 * 60 }, (_, i) => ({
      deviceId: "ana-probe",
      unitId: "ana-freezer",
      seq: i,
      timeMs: T0 - 24 * HOUR + i * 60_000,
      tempC: i < 21 * 60 ? -20 : 10,
    }));
    await h.feed(readings);
  }

  it("starts its stay when it went in and takes its state from the unit's air since then", async () => {
    await yesterday();
    const putInAtMs = T0 - 20 * HOUR;
    const res = await h.post("/api/batches", "ana", { ...bag, expressedAtMs: T0 - 30 * HOUR, putInAtMs });
    expect(res.status).toBe(201);
    const registered = res.body.data;
    // frozen at -20 C when it went in, then three hours of +10 C: it holds some ice, not all
    expect(registered.thaw.phase).toBe("partially-thawed");
    expect(registered.thaw.iceFraction).toBeGreaterThan(0);
    expect(registered.thaw.iceFraction).toBeLessThan(0.9);
    expect(registered.warnings).toEqual([
      expect.stringMatching(/^Ana's freezer is in alarm \(critical/),
      expect.stringMatching(
        /^Since it went in at 2026-11-19 04:00 UTC the unit's air has left it partly thawed, about \d+ % ice left/,
      ),
    ]);
    expect(registered.createdAtMs).toBe(T0);
    const history = (await h.get(`/api/batches/${registered.id}/history`, "ana")).body.data;
    expect(history.stays.map((s: { unitId: string; fromMs: number }) => [s.unitId, s.fromMs])).toEqual([
      ["ana-freezer", putInAtMs],
    ]);
    const chart = (await h.get(`/api/batches/${registered.id}/thaw`, "ana")).body.data;
    expect(chart.fromMs).toBe(putInAtMs);
    const audit = h.site.audit.list({ subject: `batch:${registered.id}` })[0];
    expect(audit?.details).toMatchObject({ putInAtMs, phase: "partially-thawed", unitInAlarm: "critical" });
  });

  it("refuses a time before the milk was expressed, or in the future, saying what to send", async () => {
    const early = await h.post("/api/batches", "ana", { ...bag, putInAtMs: T0 - 60_000 });
    expect(early.status).toBe(400);
    expect(early.body).toMatchObject({ field: "putInAtMs" });
    expect(early.body.error).toMatch(/before the milk was expressed \(2026-11-20 00:00 UTC\)/);
    const future = await h.post("/api/batches", "ana", { ...bag, putInAtMs: T0 + HOUR });
    expect(future.body).toMatchObject({ field: "putInAtMs" });
    expect(future.body.error).toMatch(/in the future .* leave it out for a bag going in now/);
    expect(h.site.batches.list()).toHaveLength(0);
  });
});

describe("profiles", () => {
  it("serves shared/profiles as published on the gateway's own domain", async () => {
    const plain = await startHarness({ domain: DOMAIN });
    try {
      const ids = (await plain.get("/api/profiles", "sam")).body.data.profiles.map(
        (p: { id: string }) => p.id,
      );
      expect(ids).toEqual(expect.arrayContaining(["home-freezer", "bank-freezer", "cool-box"]));
    } finally {
      await plain.close();
    }
  });

  it("lists profiles and rule sets with the source of every number", async () => {
    const res = await h.get("/api/profiles", "ana");
    const freezer = res.body.data.profiles.find((p: { id: string }) => p.id === "test-freezer");
    expect(freezer.warningHighC).toEqual({ value: -18, source: "test" });
    expect(res.body.data.ruleSets[0].thawedColdMaxH).toEqual({ value: 24, source: "test" });
  });
});
