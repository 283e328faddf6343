// Requests nobody's dashboard sends: a foreign page posting with the cookie, a cookie that cannot be
// decoded, an audit row edited on disk. Each gets a clear answer, never a 500.
import Database from "better-sqlite3";
import request from "supertest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Harness, PASSWORD, startHarness } from "./harness.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const HOST = "milkguard.example:8080";

/** a browser signed in as the user: the session cookie, sent with every request to the gateway */
async function cookieOf(name: string): Promise<string> {
  const res = await request(h.app).post("/api/login").send({ name, password: PASSWORD });
  return `mg_session=${res.body.data.token}`;
}

describe("a state-changing request from another site's page", () => {
  it("refuses a body-less hand-over posted from a foreign Origin with only the cookie", async () => {
    const cookie = await cookieOf("carl");
    const trip = (await h.post("/api/trips", "carl", { boxUnitId: "box-1" })).body.data;
    const forged = await request(h.app)
      .post(`/api/trips/${trip.id}/handover`)
      .set("Host", HOST)
      .set("Cookie", cookie)
      .set("Origin", "https://evil.example");
    expect(forged.status).toBe(403);
    expect(forged.body.code).toBe("MILK_ERR_FORBIDDEN");
    expect(h.site.trips.get(trip.id)?.endedAtMs).toBeUndefined();

    const fromReferer = await request(h.app)
      .post(`/api/trips/${trip.id}/handover`)
      .set("Host", HOST)
      .set("Cookie", cookie)
      .set("Referer", "https://evil.example/page.html");
    expect(fromReferer.status).toBe(403);
    const sandboxed = await request(h.app)
      .post(`/api/trips/${trip.id}/handover`)
      .set("Host", HOST)
      .set("Cookie", cookie)
      .set("Origin", "null");
    expect(sandboxed.status).toBe(403);
    expect(h.site.trips.get(trip.id)?.endedAtMs).toBeUndefined();

    // the dashboard's own page (same host), and a script without Origin, still work
    const own = await request(h.app)
      .post(`/api/trips/${trip.id}/handover`)
      .set("Host", HOST)
      .set("Cookie", cookie)
      .set("Origin", `http://${HOST}`);
    expect(own.status).toBe(200);
  });

  it("refuses a sign-in from a foreign page, lets any page read, and lets scripts post", async () => {
    const login = await request(h.app)
      .post("/api/login")
      .set("Host", HOST)
      .set("Origin", "https://evil.example")
      .send({ name: "ana", password: PASSWORD });
    expect(login.status).toBe(403);
    const cookie = await cookieOf("ana");
    const read = await request(h.app)
      .get("/api/units")
      .set("Host", HOST)
      .set("Cookie", cookie)
      .set("Origin", "https://evil.example");
    expect(read.status).toBe(200);
    const script = await h.post("/api/alerts/none/acknowledge", "ana", { comment: "x" });
    expect(script.status).toBe(404);
  });
});

describe("credentials that cannot be read", () => {
  it("answers a malformed session cookie with 401, not 500", async () => {
    for (const cookie of ["mg_session=%E0%A4%A", "mg_session=%", "mg_session="]) {
      const res = await request(h.app).get("/api/me").set("Cookie", cookie);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe("MILK_ERR_UNAUTHENTICATED");
    }
    const logout = await request(h.app).post("/api/logout").set("Cookie", "mg_session=%E0%A4%A");
    expect(logout.status).toBe(401);
  });
});

describe("an audit row edited on disk", () => {
  it("is reported by GET /api/audit/verify (and listed as stored), not answered with 500", async () => {
    await h.post("/api/users", "admin", {
      name: "nina",
      displayName: "Nina",
      role: "staff",
      password: PASSWORD,
    });
    const [row] = h.site.audit.list({ subject: "user:nina" });
    const db = new Database(h.dbFile);
    db.exec("DROP TRIGGER audit_no_update");
    db.prepare("UPDATE audit SET details = ? WHERE seq = ?").run("{broken", row?.seq);
    db.close();

    const verify = await h.get("/api/audit/verify", "sam");
    expect(verify.status).toBe(200);
    expect(verify.body.data).toMatchObject({ ok: false, firstBadSeq: row?.seq });
    expect(verify.body.data.reason).toMatch(/details/);
    const list = await h.get("/api/audit", "sam");
    expect(list.status).toBe(200);
    expect(list.body.data.find((e: { seq: number }) => e.seq === row?.seq).details).toEqual({
      unreadableDetails: "{broken",
    });
  });
});
