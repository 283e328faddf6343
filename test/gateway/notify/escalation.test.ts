// Who is told, and when: nobody acknowledges a donor's critical alert, so it reaches the next step on
// each repeat, on time, until the e-mail's link acknowledges it and the repeats stop (real gateway,
// real SMTP server). And the routing itself, with literal times: a donor first, then the steps by
// level, a weekly rota, quiet hours that hold a warning (never a critical alert) in the site's zone.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { MqttClient } from "mqtt";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Gateway } from "../../../gateway/app.js";
import type { EscalationStep } from "../../../gateway/notify/config.js";
import { type RoutingDeps, routesFor } from "../../../gateway/notify/routing.js";
import { openSqliteStores, type SqliteStores } from "../../../gateway/store/open-store.js";
import type { Alert, User } from "../../../gateway/store/records.js";
import { removeDir } from "../core/ingest-rig.js";
import {
  ackLinkIn,
  addPerson,
  closeAndRemove,
  MailServer,
  onGateway,
  startNotifyingGateway,
  warmUp,
} from "./notify-rig.js";

describe("an alert nobody acknowledges", () => {
  let mail: MailServer;
  let gw: Gateway | undefined;
  let sensor: MqttClient | undefined;
  afterEach(async () => {
    await sensor?.endAsync();
    await closeAndRemove(gw);
    await mail.close();
  });

  it("reaches the next step on each repeat, until the link in the mail acknowledges it", async () => {
    mail = await new MailServer().start();
    const REPEAT_MIN = 0.012;
    gw = await startNotifyingGateway({
      smtpPort: mail.port,
      alerts: { critical: { repeatEveryMin: REPEAT_MIN, maxLevel: 3 }, checkEverySeconds: 0.1 },
      notifications: {
        escalation: [
          { name: "on duty", users: ["sam"] },
          { name: "bank manager", users: ["mia"] },
        ],
      },
    });
    const anna = await addPerson(gw, "anna", "donor", { email: "anna@example.org" });
    await addPerson(gw, "sam", "staff", { email: "sam@milkbank.example" });
    await addPerson(gw, "mia", "staff", { email: "mia@milkbank.example" });
    gw.site.units.put({
      id: "anna-freezer",
      name: "Anna's freezer",
      profileId: "donor-freezer",
      ownerId: anna.id,
      createdAtMs: Date.now() - 86_400_000,
    });
    sensor = await warmUp(gw, "anna-freezer", -5);
    const count = (who: string) => mail.to(who).length;
    await expect.poll(() => count("anna@example.org"), { timeout: 5000 }).toBeGreaterThan(0);
    // the first notice is the donor's alone; a repeat adds the person on duty, the next the manager
    expect(count("sam@milkbank.example")).toBe(0);
    await expect.poll(() => count("sam@milkbank.example"), { timeout: 5000 }).toBeGreaterThan(0);
    expect(mail.to("sam@milkbank.example")[0]?.subject).toMatch(/reminder 1: nobody has acknowledged it yet/);
    await expect.poll(() => count("mia@milkbank.example"), { timeout: 5000 }).toBeGreaterThan(0);
    const alert = gw.site.alerts.list({ unitId: "anna-freezer" })[0] as Alert;
    const levels = gw.site.audit
      .list({ subject: `alert:${alert.id}` })
      .filter((a) => a.action === "alert.escalated")
      .map((a) => [a.details.escalationLevel, a.atMs]);
    expect(levels.map(([level]) => level).slice(0, 2)).toEqual([1, 2]);

    const link = onGateway(gw, ackLinkIn(mail.to("sam@milkbank.example")[0] as never));
    const form = { "content-type": "application/x-www-form-urlencoded" };
    const acked = await fetch(link, { method: "POST", headers: form, body: "comment=on+my+way" });
    expect(acked.status).toBe(200);
    await gw.notifications.idle();
    const sent = mail.mails.length;
    // three more repeat periods: nothing more goes out
    await new Promise((resolve) => setTimeout(resolve, 3 * REPEAT_MIN * 60_000));
    await gw.notifications.idle();
    expect(mail.mails.length).toBe(sent);
    expect(gw.site.alerts.get(alert.id)).toMatchObject({ state: "acknowledged", ack: { by: "sam" } });
  });
});

describe("routing", () => {
  let dir: string;
  let stores: SqliteStores;
  const person = (name: string, extra: Partial<User> = {}): User => {
    const user: User = { id: name, name, displayName: name, role: "staff", passwordHash: "x", ...extra };
    stores.site.users.put(user);
    return user;
  };
  // Tuesday 1 December 2026, 23:30 in London (UTC in winter), 18:30 in New York
  const T = Date.UTC(2026, 11, 1, 23, 30);
  const alert = (severity: Alert["severity"], escalationLevel: number, unitId = "site-freezer"): Alert => ({
    ...{ id: "a1", key: "k", kind: "temperature-excursion", severity, unitId, state: "open" },
    ...{ message: "too warm", openedAtMs: T, escalationLevel, lastNotifiedAtMs: T },
  });
  const deps = (steps: EscalationStep[], timeZone = "Europe/London"): RoutingDeps => ({
    steps,
    timeZone,
    unit: (id) => stores.site.units.get(id),
    user: (id) => stores.site.users.get(id),
    userByName: (name) => stores.site.users.byName(name),
    available: ["email", "sms"],
  });
  const who = (routes: ReturnType<typeof routesFor>) => routes.map((r) => `${r.user.id}:${r.channel}`);

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "mg-routing-"));
    stores = openSqliteStores(join(dir, "milkguard.db"));
    stores.site.units.put({ id: "site-freezer", name: "Freezer", profileId: "bank-freezer", createdAtMs: 0 });
    stores.site.units.put({
      id: "home",
      name: "Home",
      profileId: "donor-freezer",
      ownerId: "dora",
      createdAtMs: 0,
    });
    person("dora", { role: "donor", email: "dora@example.org" });
    person("sam", {
      email: "sam@example.org",
      phone: "+447700900001",
      notifications: { channels: ["email", "sms"] },
    });
    person("kim", { email: "kim@example.org" });
    person("lee", { phone: "+447700900002", notifications: { channels: ["sms", "email"] } });
    person("quiet", {
      email: "q@example.org",
      notifications: { channels: ["email"], quietHours: { from: "22:00", to: "07:00" } },
    });
  });
  afterAll(() => {
    stores.close();
    removeDir(dir);
  });

  it("tells a donor first about her own unit, then the steps as the level rises", () => {
    const steps = [{ name: "duty", users: ["sam"] }];
    expect(who(routesFor(alert("warning", 0, "home"), T, deps(steps)))).toEqual(["dora:email"]);
    expect(who(routesFor(alert("warning", 1, "home"), T, deps(steps)))).toEqual([
      "dora:email",
      "sam:email",
      "sam:sms",
    ]);
    expect(who(routesFor(alert("warning", 0), T, deps(steps)))).toEqual(["sam:email", "sam:sms"]);
  });

  it("reads a rota by the site's weekday, and skips a channel with no address", () => {
    const rota = [{ name: "on call", rota: { tue: ["lee"], wed: ["kim"] } }];
    // 23:30 Tuesday in London; already Wednesday 00:30 in Berlin
    expect(who(routesFor(alert("critical", 0), T, deps(rota)))).toEqual(["lee:sms"]);
    expect(who(routesFor(alert("critical", 0), T, deps(rota, "Europe/Berlin")))).toEqual(["kim:email"]);
  });

  it("holds a warning until the end of quiet hours, never a critical alert", () => {
    const steps = [{ name: "duty", users: ["quiet"] }];
    const [held] = routesFor(alert("warning", 0), T, deps(steps));
    expect(held?.notBeforeMs).toBe(Date.UTC(2026, 11, 2, 7, 0));
    expect(routesFor(alert("critical", 0), T, deps(steps))[0]?.notBeforeMs).toBeUndefined();
    // 18:30 in New York: not quiet there
    expect(
      routesFor(alert("warning", 0), T, deps(steps, "America/New_York"))[0]?.notBeforeMs,
    ).toBeUndefined();
  });

  it("tells each person once when she is in several steps", () => {
    const steps = [
      { name: "duty", users: ["kim"] },
      { name: "backup", users: ["kim", "sam"] },
    ];
    expect(who(routesFor(alert("critical", 5), T, deps(steps)))).toEqual([
      "kim:email",
      "sam:email",
      "sam:sms",
    ]);
  });
});
