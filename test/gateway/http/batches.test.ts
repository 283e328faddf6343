import { afterEach, beforeEach, describe, expect, it } from "vitest";
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

describe("profiles", () => {
  it("serves shared/profiles as published when the gateway gives no catalog", async () => {
    const plain = await startHarness({ profiles: undefined });
    try {
      const ids = (await plain.get("/api/profiles", "sam")).body.data.profiles.map(
        (p: { id: string }) => p.id,
      );
      expect(ids).toEqual(expect.arrayContaining(["home-freezer", "bank-freezer", "cool-box"]));
    } finally {
      plain.close();
    }
  });

  it("lists profiles and rule sets with the source of every number", async () => {
    const res = await h.get("/api/profiles", "ana");
    const freezer = res.body.data.profiles.find((p: { id: string }) => p.id === "test-freezer");
    expect(freezer.warningHighC).toEqual({ value: -18, source: "test" });
    expect(res.body.data.ruleSets[0].thawedColdMaxH).toEqual({ value: 24, source: "test" });
  });
});
