// The first admin of a real site from the setup link the gateway prints, and what an admin does to
// accounts and sensors afterwards, over the real HTTP app on a real SQLite file.
import request from "supertest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { issueSetupLink, SETUP_LINK_MS } from "../../../gateway/auth/first-admin.js";
import { DISABLED_PASSWORD } from "../../../gateway/auth/users.js";
import { verifyDeviceSecret } from "../../../gateway/devices/secret.js";
import { type Harness, PASSWORD, startHarness } from "./harness.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

/** a site whose only admin can no longer sign in: a real site's first start */
function withoutAdmin(): void {
  const admin = h.site.users.byName("admin");
  if (admin) h.site.users.put({ ...admin, passwordHash: DISABLED_PASSWORD });
}

const setUp = (token: string, name = "nora", password = "fern lantern quarry") =>
  request(h.app).post("/api/setup").send({ token, name, displayName: "Nora Admin", password });

const signIn = (name: string, password: string) => request(h.app).post("/api/login").send({ name, password });

describe("the first admin, from the setup link", () => {
  it("is created once, as an admin who can sign in; the link then works no more", async () => {
    withoutAdmin();
    const link = issueSetupLink(h.site, h.clock);
    if (!link) throw new Error("no link on a site without an admin");
    const created = await setUp(link.token);
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ name: "nora", role: "admin" });
    expect((await signIn("nora", "fern lantern quarry")).status).toBe(200);
    expect((await setUp(link.token, "mallory")).status).toBe(403);
    expect(issueSetupLink(h.site, h.clock)).toBeUndefined();
    const actions = h.site.audit.list({ subject: "site:setup" }).map((e) => e.action);
    expect(actions).toEqual(["setup.link-issued", "setup.admin-created"]);
  });

  it("refuses a link replaced by a newer one, an expired one and a made-up one", async () => {
    withoutAdmin();
    const first = issueSetupLink(h.site, h.clock);
    const second = issueSetupLink(h.site, h.clock);
    if (!first || !second) throw new Error("no link");
    expect((await setUp(first.token)).body.error).toMatch(/not valid/);
    expect((await setUp("made-up")).status).toBe(403);
    h.clock.ms += SETUP_LINK_MS;
    const expired = await setUp(second.token);
    expect(expired.status).toBe(403);
    expect(expired.body.error).toMatch(/expired/);
    expect(h.site.users.byName("nora")).toBeUndefined();
  });

  it("refuses a short password, a common one and one containing the name, saying which", async () => {
    withoutAdmin();
    const link = issueSetupLink(h.site, h.clock);
    if (!link) throw new Error("no link");
    const reasons = [];
    for (const password of ["short pass", "password1234", "nora-is-the-admin"]) {
      const res = await setUp(link.token, "nora", password);
      expect(res.status).toBe(400);
      expect(res.body.field).toBe("password");
      reasons.push(res.body.error);
    }
    expect(reasons).toEqual([
      "password: use at least 12 characters (this has 10)",
      "password: this is one of the most common passwords: choose another",
      "password: a password must not contain your name",
    ]);
    // the link was not used up by a refused password
    expect((await setUp(link.token)).status).toBe(201);
  });
});

describe("an admin's work on accounts", () => {
  it("disables a user: their session ends at once; a new password opens the account, old sessions stay ended", async () => {
    const token = await h.login("ana");
    const asAna = () => request(h.app).get("/api/me").set("Authorization", `Bearer ${token}`);
    expect((await asAna()).status).toBe(200);
    // her open live stream ends with her session
    const server = h.app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    const events = await fetch(`http://127.0.0.1:${(server.address() as { port: number }).port}/api/events`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    const stream = events.body?.getReader();
    await stream?.read();
    const disabled = await h.post("/api/users/ana/disable", "admin");
    for (let part = await stream?.read(); part && !part.done; part = await stream?.read());
    server.closeAllConnections();
    server.close();
    expect(disabled.body.data).toMatchObject({ name: "ana", disabled: true });
    expect((await asAna()).status).toBe(401);
    expect((await signIn("ana", PASSWORD)).status).toBe(401);

    const reset = await h.post("/api/users/ana/password", "admin", { password: "otter meadow candle" });
    expect(reset.status).toBe(200);
    expect(reset.body.data.disabled).toBeUndefined();
    expect((await asAna()).status).toBe(401);
    expect((await signIn("ana", "otter meadow candle")).status).toBe(200);
    const actions = h.site.audit.list({ subject: "user:ana" }).map((e) => [e.actor, e.action]);
    expect(actions).toEqual([
      ["admin", "user.disabled"],
      ["anonymous", "login.failed"],
      ["admin", "user.password-set"],
    ]);
  });

  it("keeps the last admin who can sign in: not disabled, not demoted", async () => {
    expect((await h.post("/api/users/admin/disable", "admin")).status).toBe(403);
    expect((await h.post("/api/users/admin", "admin", { role: "staff" })).status).toBe(403);
    const changed = await h.post("/api/users/sam", "admin", { role: "admin", phone: "+447700900123" });
    expect(changed.body.data).toMatchObject({ role: "admin", phone: "+447700900123" });
    expect((await h.post("/api/users/admin", "admin", { role: "staff" })).status).toBe(200);
  });
});

describe("an admin's work on sensors", () => {
  it("gives a new sensor's config file once; rotating stops the old password; a retired sensor cannot log in", async () => {
    const made = await h.post("/api/devices", "admin", {
      id: "fr-1",
      unitId: "bank-freezer",
      board: "ESP8266",
    });
    expect(made.status).toBe(201);
    const { password, hmacKey, firmwareFile } = made.body.data;
    expect(firmwareFile).toMatchObject({
      board: "ESP8266",
      deviceId: "fr-1",
      hmacKey,
      mqtt: { host: "127.0.0.1", username: "fr-1", password, prefix: "milkguard" },
    });

    const rotated = await h.post("/api/devices/fr-1/rotate", "admin");
    const stored = () => h.site.devices.get("fr-1")?.secretHash ?? "";
    expect(await verifyDeviceSecret(password, stored())).toBe(false);
    expect(await verifyDeviceSecret(rotated.body.data.password, stored())).toBe(true);
    expect(rotated.body.data.hmacKey).not.toBe(hmacKey);

    const retired = await h.post("/api/devices/fr-1/retire", "admin");
    expect(retired.body.data.retiredAtMs).toBe(h.clock.now());
    expect(await verifyDeviceSecret(rotated.body.data.password, stored())).toBe(false);
    expect((await h.post("/api/devices/fr-1/rotate", "admin")).status).toBe(409);
    const actions = h.site.audit.list({ subject: "device:fr-1" }).map((e) => e.action);
    expect(actions).toEqual(["device.created", "device.secrets-rotated", "device.retired"]);
  });
});
