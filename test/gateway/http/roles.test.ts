import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { alertRecord, type Harness, PASSWORD, startHarness, T0 } from "./harness.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const ids = (res: { body: { data: { id: string }[] } }) => res.body.data.map((u) => u.id).sort();

describe("roles", () => {
  it("shows a donor only their own units, and 403 on another donor's unit", async () => {
    expect(ids(await h.get("/api/units", "ana"))).toEqual(["ana-freezer"]);
    const other = await h.get("/api/units/dora-freezer", "ana");
    expect(other.status).toBe(403);
    expect(other.body.code).toBe("MILK_ERR_FORBIDDEN");
    expect((await h.get("/api/units/dora-freezer/readings", "ana")).status).toBe(403);
    expect((await h.get("/api/units/nope", "ana")).status).toBe(404);
  });

  it("shows staff every unit, and a courier only the cool boxes of their trips", async () => {
    expect(ids(await h.get("/api/units", "sam"))).toEqual([
      "ana-freezer",
      "bank-freezer",
      "box-1",
      "dora-freezer",
    ]);
    expect(ids(await h.get("/api/units", "carl"))).toEqual([]);
    expect((await h.post("/api/trips", "carl", { boxUnitId: "box-1" })).status).toBe(201);
    expect(ids(await h.get("/api/units", "carl"))).toEqual(["box-1"]);
  });

  it("forbids a courier to resolve a freezer alert, but lets them resolve their cool box's", async () => {
    await h.post("/api/trips", "carl", { boxUnitId: "box-1" });
    h.site.alerts.put(alertRecord("a-freezer", "bank-freezer"));
    // the box is cold again: an alert whose condition has ended may be resolved
    h.site.alerts.put(alertRecord("a-box", "box-1", { clearedAtMs: T0 }));
    const freezer = await h.post("/api/alerts/a-freezer/resolve", "carl", { correctiveAction: "closed lid" });
    expect(freezer.status).toBe(403);
    expect(h.site.alerts.get("a-freezer")?.state).toBe("open");
    const box = await h.post("/api/alerts/a-box/resolve", "carl", { correctiveAction: "added ice packs" });
    expect(box.status).toBe(200);
    expect(box.body.data.state).toBe("resolved");
  });

  it("lets a donor act on their own unit's alerts only, and lists only those", async () => {
    h.site.alerts.put(alertRecord("a-ana", "ana-freezer"));
    h.site.alerts.put(alertRecord("a-dora", "dora-freezer"));
    expect(ids(await h.get("/api/alerts", "ana"))).toEqual(["a-ana"]);
    expect((await h.post("/api/alerts/a-dora/acknowledge", "ana", { comment: "?" })).status).toBe(403);
    expect((await h.post("/api/alerts/a-ana/acknowledge", "ana", { comment: "door shut" })).status).toBe(200);
  });

  it("keeps provisioning, unit creation, devices and the audit trail to the roles allowed", async () => {
    expect((await h.post("/api/devices", "sam", { unitId: "bank-freezer" })).status).toBe(403);
    expect((await h.get("/api/devices", "ana")).status).toBe(403);
    expect((await h.get("/api/audit", "carl")).status).toBe(403);
    expect((await h.post("/api/units", "sam", { name: "F", profileId: "test-freezer" })).status).toBe(403);
    expect((await h.post("/api/trips/x/reception", "carl", { decision: "accepted" })).status).toBe(403);

    const created = await h.post("/api/devices", "admin", { id: "dev-1", unitId: "bank-freezer" });
    expect(created.status).toBe(201);
    expect(created.body.data.password).toEqual(expect.any(String));
    expect(created.body.data.device).not.toHaveProperty("secretHash");
    expect(h.site.audit.list({ subject: "device:dev-1" })[0]).toMatchObject({ actor: "admin" });
    const badId = await h.post("/api/devices", "admin", { id: "Dev 1!", unitId: "bank-freezer" });
    expect(badId.body).toMatchObject({ code: "MILK_ERR_INVALID", field: "id" });
    const listed = await h.get("/api/devices", "sam");
    expect(listed.body.data[0]).not.toHaveProperty("hmacKey");
    expect(listed.body.data[0]).not.toHaveProperty("secretHash");
  });

  it("lets a donor register and move only their own bags in their own units", async () => {
    const bag = {
      label: "Bag",
      volumeMl: 120,
      container: "flat-bag",
      expressedAtMs: T0,
      purpose: "own",
      processing: "raw",
    };
    expect((await h.post("/api/batches", "ana", { ...bag, unitId: "dora-freezer" })).status).toBe(403);
    const mine = await h.post("/api/batches", "ana", { ...bag, unitId: "ana-freezer", donorId: "dora" });
    expect(mine.status).toBe(201);
    expect(mine.body.data.donorId).toBe("ana");
    expect(
      (await h.post(`/api/batches/${mine.body.data.id}/move`, "ana", { toUnitId: "bank-freezer" })).status,
    ).toBe(403);
    expect((await h.get(`/api/batches/${mine.body.data.id}/history`, "dora")).status).toBe(403);
    expect((await h.get("/api/batches", "dora")).body.data).toEqual([]);
  });
});

describe("users", () => {
  it("lets an admin create a user who can then sign in; a duplicate name is a conflict", async () => {
    const body = { name: "nina", displayName: "Nina", role: "staff", password: PASSWORD };
    const created = await h.post("/api/users", "admin", body);
    expect(created.status).toBe(201);
    expect(created.body.data).toEqual({ id: "nina", name: "nina", displayName: "Nina", role: "staff" });
    expect((await h.post("/api/users", "admin", body)).status).toBe(409);
    expect((await h.post("/api/users", "sam", { ...body, name: "x" })).status).toBe(403);
    expect((await h.get("/api/me", "nina")).body.data.role).toBe("staff");
    expect(h.site.audit.list({ subject: "user:nina" })[0]).toMatchObject({
      action: "user.created",
      actor: "admin",
    });
  });
});
