import request from "supertest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Harness, PASSWORD, startHarness } from "./harness.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

describe("sign in and sessions", () => {
  it("logs in with a cookie and a token, answers /me, and logs out", async () => {
    const agent = request.agent(h.app);
    const login = await agent.post("/api/login").send({ name: "ana", password: PASSWORD });
    expect(login.status).toBe(200);
    expect(login.body.data.user).toEqual({
      id: "ana",
      name: "ana",
      displayName: "ana (donor)",
      role: "donor",
    });
    const cookie = String(login.headers["set-cookie"]);
    expect(cookie).toMatch(/mg_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);

    const me = await agent.get("/api/me");
    expect(me.body).toEqual({ status: "ok", data: expect.objectContaining({ id: "ana", role: "donor" }) });
    const byBearer = await request(h.app)
      .get("/api/me")
      .set("Authorization", `Bearer ${login.body.data.token}`);
    expect(byBearer.body.data.id).toBe("ana");

    expect((await agent.post("/api/logout")).status).toBe(200);
    const after = await request(h.app).get("/api/me").set("Authorization", `Bearer ${login.body.data.token}`);
    expect(after.status).toBe(401);
    expect(after.body.code).toBe("MILK_ERR_UNAUTHENTICATED");
  });

  it("keeps only the hash of a session token in the store", async () => {
    const token = await h.login("sam");
    expect(h.site.sessions.userFor(token, h.clock.now())).toBeUndefined();
  });

  it("refuses a wrong password with 401 and writes it to the audit trail", async () => {
    const res = await request(h.app).post("/api/login").send({ name: "ana", password: "guess" });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ status: "error", code: "MILK_ERR_UNAUTHENTICATED" });
    const [entry] = h.site.audit.list({ subject: "user:ana" });
    expect(entry).toMatchObject({ action: "login.failed", actor: "anonymous", details: { knownUser: true } });
    const nobody = await request(h.app).post("/api/login").send({ name: "mallory", password: "guess" });
    expect(nobody.status).toBe(401);
    expect(h.site.audit.list({ subject: "user:mallory" })[0]?.details).toMatchObject({ knownUser: false });
  });

  it("slows a guessed name with doubling waits, never locking its owner out for long", async () => {
    const attempt = (password: string, from: string) =>
      request(h.app).post("/api/login").set("X-Forwarded-For", from).send({ name: "admin", password });
    for (let i = 0; i < 5; i++) expect((await attempt("guess", "198.51.100.7")).status).toBe(401);
    const slowed = await attempt(PASSWORD, "198.51.100.7");
    expect(slowed.status).toBe(429);
    expect(slowed.body.code).toBe("MILK_ERR_TOO_MANY_ATTEMPTS");
    expect(slowed.headers["retry-after"]).toBe("1");
    // the owner, from her own machine, waits that second, not a quarter of an hour
    h.clock.ms += 1000;
    expect((await attempt(PASSWORD, "203.0.113.20")).status).toBe(200);

    // a guesser spread over many addresses: each wrong password doubles the name's wait, up to a minute
    const waits: number[] = [];
    for (let i = 0; i < 14; i++) {
      const res = await attempt("guess", `192.0.2.${i}`);
      if (res.status === 429) {
        waits.push(Number(res.headers["retry-after"]));
        h.clock.ms += Number(res.headers["retry-after"]) * 1000;
        expect((await attempt("guess", `192.0.2.${i}`)).status).toBe(401);
      }
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
    const owner = await attempt(PASSWORD, "203.0.113.20");
    expect(owner.status).toBe(429);
    h.clock.ms += Number(owner.headers["retry-after"]) * 1000;
    expect((await attempt(PASSWORD, "203.0.113.20")).status).toBe(200);
    // one audit line when each burst began, one when the name began to wait
    const lines = h.site.audit.list({ subject: "user:admin" }).map((e) => e.action);
    expect(lines).toEqual(["login.failed", "login.throttled", "login.failed", "login.throttled"]);
  });

  it("slows one address trying many names, with one audit line for the address", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const res = await request(h.app)
        .post("/api/login")
        .set("X-Forwarded-For", "198.51.100.9")
        .send({ name: `user${i}`, password: "guess" });
      statuses.push(res.status);
    }
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.slice(5).every((s) => s === 429)).toBe(true);
    expect(h.site.audit.list().filter((e) => e.action.startsWith("login."))).toHaveLength(6);
    expect(h.site.audit.list({ subject: "address:198.51.100.9" })).toEqual([
      expect.objectContaining({
        action: "login.throttled",
        details: expect.objectContaining({ failures: 5 }),
      }),
    ]);
    // another address is not slowed by it
    const other = await request(h.app)
      .post("/api/login")
      .set("X-Forwarded-For", "203.0.113.20")
      .send({ name: "ana", password: PASSWORD });
    expect(other.status).toBe(200);
  });

  it("expires a session after its lifetime", async () => {
    const token = await h.login("ana");
    h.clock.ms += 13 * 3_600_000;
    const res = await request(h.app).get("/api/me").set("Authorization", `Bearer ${token}`);
    expect(res.status).toBe(401);
  });

  it("answers 401 to the API without a session, but serves /healthz", async () => {
    expect((await request(h.app).get("/api/units")).status).toBe(401);
    const health = await request(h.app).get("/healthz");
    expect(health.status).toBe(200);
    expect(health.body.status).toBe("ok");
  });

  it("names the bad field in a validation error", async () => {
    const res = await request(h.app).post("/api/login").send({ name: "ana" });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: "MILK_ERR_INVALID", field: "password" });
    expect(res.body.error).toMatch(/^password: /);
    const bag = { label: "Bag 1", unitId: "ana-freezer", volumeMl: "lots", container: "flat-bag" };
    const batch = await h.post("/api/batches", "ana", {
      ...bag,
      expressedAtMs: 1,
      purpose: "own",
      processing: "raw",
    });
    expect(batch.body).toMatchObject({ code: "MILK_ERR_INVALID", field: "volumeMl" });
    const bad = await h.post("/api/units", "admin", { name: "X", profileId: "test-freezer", ownerId: 5 });
    expect(bad.body).toMatchObject({ code: "MILK_ERR_INVALID", field: "ownerId" });
  });

  it("answers a malformed JSON body with 400, not 500", async () => {
    const res = await request(h.app).post("/api/login").set("Content-Type", "application/json").send("{nope");
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("MILK_ERR_INVALID");
  });

  it("answers an unknown API route with 404 in the envelope", async () => {
    const res = await h.get("/api/nothing-here", "sam");
    expect(res.status).toBe(404);
    expect(res.body.code).toBe("MILK_ERR_NOT_FOUND");
  });

  it("serves a placeholder page when the dashboard is not built", async () => {
    const res = await request(h.app).get("/");
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/npm run build/);
  });
});
