// E-mail end to end: a donor's freezer warms, reported over MQTT to the real gateway; a real SMTP
// server on loopback receives the notice; the test reads it as the donor would (subject, unit, value,
// what to do with the bag, the acknowledge link), follows the link, answers the page and finds the
// alert acknowledged in her name, the link used up, and every delivery in the audit trail.
import type { MqttClient } from "mqtt";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Gateway } from "../../../gateway/app.js";
import {
  ackLinkIn,
  addPerson,
  closeAndRemove,
  MailServer,
  onGateway,
  PUBLIC_URL,
  startNotifyingGateway,
  warmUp,
} from "./notify-rig.js";

let mail: MailServer;
let gw: Gateway | undefined;
let sensor: MqttClient | undefined;

beforeEach(async () => {
  mail = await new MailServer().start();
});
afterEach(async () => {
  await sensor?.endAsync();
  await closeAndRemove(gw);
  await mail.close();
  gw = undefined;
  sensor = undefined;
});

async function donorWithFreezer(gateway: Gateway) {
  const anna = await addPerson(gateway, "anna", "donor", { email: "anna@example.org" });
  gateway.site.units.put({
    id: "anna-freezer",
    name: "Anna's freezer",
    profileId: "donor-freezer",
    ownerId: anna.id,
    createdAtMs: Date.now() - 86_400_000,
  });
  gateway.batches.register(
    {
      label: "Monday 120 ml",
      unitId: "anna-freezer",
      donorId: anna.id,
      volumeMl: 120,
      container: "flat-bag",
      expressedAtMs: Date.now() - 3 * 86_400_000,
      purpose: "donation",
      processing: "raw",
    },
    anna.id,
  );
  return anna;
}

describe("an alert by e-mail", () => {
  it("tells the donor what happened, the value and its age, what to do with her bag, with links", async () => {
    gw = await startNotifyingGateway({ smtpPort: mail.port });
    await donorWithFreezer(gw);
    sensor = await warmUp(gw, "anna-freezer", -5);
    await expect.poll(() => mail.to("anna@example.org").length, { timeout: 5000 }).toBeGreaterThan(0);

    const notice = mail.to("anna@example.org")[0];
    const alert = gw.site.alerts.list({ unitId: "anna-freezer" })[0];
    expect(notice?.from?.value[0]).toMatchObject({ name: "MilkGuard", address: "alerts@milkbank.example" });
    expect(notice?.subject).toMatch(/^MilkGuard (Warning|Critical): Anna's freezer, temperature excursion$/);
    expect(notice?.text).toContain(`What happened: ${alert?.message}`);
    expect(notice?.text).toMatch(/Latest temperature: -5\.0 °C, just now \(\d+ \w+, \d\d:\d\d UTC\)/);
    expect(notice?.text).toContain("Monday 120 ml: still frozen: move it to a working freezer now");
    expect(notice?.text).toContain(`See the alert: ${PUBLIC_URL}/#/alerts/${alert?.id}`);
    expect(notice?.html).toContain("<li>Monday 120 ml: still frozen: move it to a working freezer now</li>");
    expect(ackLinkIn(notice as never).startsWith(`${PUBLIC_URL}/ack/`)).toBe(true);
  });

  it("acknowledges from the link once, asking for the comment first, in the donor's name", async () => {
    gw = await startNotifyingGateway({ smtpPort: mail.port });
    const anna = await donorWithFreezer(gw);
    sensor = await warmUp(gw, "anna-freezer", -5);
    await expect.poll(() => mail.to("anna@example.org").length, { timeout: 5000 }).toBeGreaterThan(0);
    const link = onGateway(gw, ackLinkIn(mail.to("anna@example.org")[0] as never));

    // opening the link (as a mail scanner would) acknowledges nothing
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("What are you doing about it?");
    const alert = () => gw?.site.alerts.list({ unitId: "anna-freezer" })[0];
    expect(alert()?.state).toBe("open");

    const form = { "content-type": "application/x-www-form-urlencoded" };
    const comment = "moved the bags to my neighbour's freezer";
    const done = await fetch(link, { method: "POST", headers: form, body: new URLSearchParams({ comment }) });
    expect(await done.text()).toContain("Acknowledged");
    expect(alert()).toMatchObject({ state: "acknowledged", ack: { by: anna.id, comment } });

    const again = await fetch(link, {
      method: "POST",
      headers: form,
      body: new URLSearchParams({ comment }),
    });
    expect(again.status).toBe(409);
  });

  it("refuses a link that was changed, and a critical alert acknowledged without a word", async () => {
    gw = await startNotifyingGateway({ smtpPort: mail.port });
    await donorWithFreezer(gw);
    sensor = await warmUp(gw, "anna-freezer", -5);
    await expect.poll(() => mail.to("anna@example.org").length, { timeout: 5000 }).toBeGreaterThan(0);
    const link = onGateway(gw, ackLinkIn(mail.to("anna@example.org")[0] as never));
    const [payload, signature] = (link.split("/ack/")[1] ?? "").split(".");
    const forged = `${link.split("/ack/")[0]}/ack/${payload}x.${signature}`;
    expect((await fetch(forged)).status).toBe(410);

    // -5 °C is past the donor freezer's critical limit (-10 °C)
    const alert = gw.site.alerts.list({ unitId: "anna-freezer" })[0];
    expect(alert?.severity).toBe("critical");
    const form = { "content-type": "application/x-www-form-urlencoded" };
    const long = await fetch(link, { method: "POST", headers: form, body: `comment=${"a".repeat(2001)}` });
    expect(long.status).toBe(400);
    const empty = await fetch(link, { method: "POST", headers: form, body: "comment=" });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("a critical alert needs a word on what is being done");
    expect(gw.site.alerts.get(alert?.id ?? "")?.state).toBe("open");
    // the refused answer did not use the link up
    const said = await fetch(link, { method: "POST", headers: form, body: "comment=on+my+way" });
    expect(said.status).toBe(200);
  });

  it("writes each delivery to the audit trail and counts it by channel and outcome", async () => {
    gw = await startNotifyingGateway({ smtpPort: mail.port });
    const anna = await donorWithFreezer(gw);
    sensor = await warmUp(gw, "anna-freezer", -5);
    await gw.notifications.idle();
    const alert = gw.site.alerts.list({ unitId: "anna-freezer" })[0];
    const sent = gw.site.audit
      .list({ subject: `alert:${alert?.id}` })
      .filter((a) => a.action === "notice.sent");
    expect(sent.length).toBe(mail.to("anna@example.org").length);
    expect(sent[0]?.details).toMatchObject({ channel: "email", to: anna.id, attempts: 1 });
    expect(gw.metrics.value("milkguard_notifications_total", { channel: "email", outcome: "sent" })).toBe(
      sent.length,
    );
  });
});
