// The settings behind notices: a config file's mistakes are named with what to write instead; each
// person sets her own channels and quiet hours and sends herself a test (a real SMTP server receives
// it); the admin reads the site's settings with every secret left out.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Gateway } from "../../../gateway/app.js";
import { validateConfig } from "../../../gateway/config/load.js";
import { DOMAIN, knownIds } from "../../../gateway/engine/domain.js";
import { addPerson, closeAndRemove, MailServer, startNotifyingGateway } from "./notify-rig.js";

const PASSWORD = "correct horse battery staple";

describe("notification settings in the config file", () => {
  const errorsOf = (notifications: unknown) => {
    const loaded = validateConfig({ notifications }, knownIds(DOMAIN));
    return loaded.ok ? [] : loaded.errors;
  };

  it("say what to change for each mistake, all at once", () => {
    const errors = errorsOf({
      timeZone: "Europe/Londres",
      email: { host: "smtp.example.org", port: 465, tls: "starttls", user: "alerts", from: "alerts" },
      sms: { provider: "twilio", accountSid: "123", authToken: "short", from: "0123" },
      escalation: [{ name: "duty", users: [] }],
    });
    expect(errors).toEqual(
      expect.arrayContaining([
        "notifications.timeZone: not a time zone this system knows: use an IANA name, e.g. Europe/London",
        "notifications.email.from: write an address, e.g. MilkGuard <alerts@example.org>",
        "notifications.email.password: set both user and password (the SMTP login), or neither for a server that needs none",
        "notifications.email.tls: port 465 speaks TLS from the first byte: set tls to 'implicit' (or use port 587)",
        "notifications.sms.accountSid: the Account SID from the Twilio console: AC and 32 hex digits",
        "notifications.sms.authToken: the Auth Token from the Twilio console",
        "notifications.sms.from: an E.164 number like +441234567890, or a Messaging Service SID (MG...)",
      ]),
    );
    expect(errors.some((e) => e.startsWith("notifications.escalation[0]"))).toBe(true);
  });

  it("refuse a password sent in plain text", () => {
    expect(
      errorsOf({
        email: { host: "relay", port: 25, tls: "none", user: "a", password: "b", from: "a@b.org" },
      }),
    ).toEqual([
      "notifications.email.tls: a password must not cross the network in plain text: use 'starttls' or 'implicit'",
    ]);
  });
});

describe("a person's notification settings", () => {
  let mail: MailServer;
  let gw: Gateway;
  let base: string;
  const tokens: Record<string, string> = {};
  const call = async (method: string, path: string, who: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${tokens[who]}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as { data: Record<string, unknown> } };
  };

  beforeAll(async () => {
    mail = await new MailServer().start();
    gw = await startNotifyingGateway({
      smtpPort: mail.port,
      notifications: {
        sms: {
          provider: "http",
          url: "http://127.0.0.1:9/send?key=k",
          headers: { authorization: "Bearer s3cret" },
          body: "{{to}} {{text}}",
        },
      },
    });
    base = `http://127.0.0.1:${gw.httpPort}`;
    await addPerson(gw, "anna", "donor", {});
    await addPerson(gw, "root", "admin", {});
    for (const name of ["anna", "root"]) {
      const res = await fetch(`${base}/api/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name, password: PASSWORD }),
      });
      tokens[name] = ((await res.json()) as { data: { token: string } }).data.token;
    }
  });
  afterAll(async () => {
    await closeAndRemove(gw);
    await mail.close();
  });

  it("keeps her channels and quiet hours, and a test reaches her by e-mail", async () => {
    const set = await call("POST", "/api/notifications/settings", "anna", {
      email: "anna@example.org",
      channels: ["email", "sms"],
      quietHours: { from: "22:00", to: "07:00" },
    });
    expect(set.body.data).toEqual({
      email: "anna@example.org",
      phone: null,
      channels: ["email", "sms"],
      quietHours: { from: "22:00", to: "07:00" },
      weeklyDigest: true,
      available: ["email", "sms"],
    });
    expect((await call("GET", "/api/notifications/settings", "anna")).body.data).toEqual(set.body.data);

    const test = await call("POST", "/api/notifications/test", "anna");
    expect(test.body.data).toEqual({
      queued: [{ channel: "email", to: "anna@example.org" }],
      skipped: [{ channel: "sms", reason: "no phone number given" }],
    });
    await expect.poll(() => mail.to("anna@example.org").length, { timeout: 5000 }).toBe(1);
    expect(mail.to("anna@example.org")[0]?.subject).toBe("MilkGuard test notice");
  });

  it("turns her weekly digest off, and it stays off when she saves her other settings", async () => {
    const off = await call("POST", "/api/notifications/settings", "anna", {
      channels: ["email"],
      weeklyDigest: false,
    });
    expect(off.body.data).toMatchObject({ weeklyDigest: false });
    const later = await call("POST", "/api/notifications/settings", "anna", { channels: ["email", "sms"] });
    expect(later.body.data).toMatchObject({ weeklyDigest: false, channels: ["email", "sms"] });
    const on = await call("POST", "/api/notifications/settings", "anna", {
      channels: ["email"],
      weeklyDigest: true,
    });
    expect(on.body.data).toMatchObject({ weeklyDigest: true });
    expect(gw.site.users.byName("anna")?.notifications?.weeklyDigest).toBeUndefined();
  });

  it("refuses a phone number without its country code, saying how to write it", async () => {
    const res = await call("POST", "/api/notifications/settings", "anna", {
      phone: "07700 900123",
      channels: [],
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain("write the number with its country code, e.g. +447700900123");
  });

  it("shows the admin the site's settings without a secret", async () => {
    const res = await call("GET", "/api/notifications/site", "root");
    expect(res.body.data).toMatchObject({
      email: { host: "127.0.0.1", tls: "none", passwordSet: false },
      sms: { provider: "http", url: "http://127.0.0.1:9/send", headerNames: ["authorization"] },
    });
    expect(JSON.stringify(res.body)).not.toMatch(/s3cret|key=k/);
  });
});
