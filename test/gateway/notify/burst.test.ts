// A burst: a cold room's 100 freezers alarm at once (the real gateway's alert workflow, a real SMTP
// server). The person on duty gets the first alert at once and the rest gathered into digests, not
// 100 e-mails; every alert is in them with its links, every notice is audited, and none is left.
import { afterEach, expect, it } from "vitest";
import type { Gateway } from "../../../gateway/app.js";
import { MAX_DIGEST } from "../../../gateway/notify/delivery-queue.js";
import { addPerson, closeAndRemove, MailServer, PUBLIC_URL, startNotifyingGateway } from "./notify-rig.js";

const UNITS = 100;
let mail: MailServer;
let gw: Gateway | undefined;

afterEach(async () => {
  await closeAndRemove(gw);
  await mail.close();
});

it("tells the person on duty of 100 alerts in a few e-mails, each alert in them once", async () => {
  mail = await new MailServer().start();
  gw = await startNotifyingGateway({
    smtpPort: mail.port,
    notifications: { gatherSeconds: 0.5, escalation: [{ name: "on duty", users: ["sam"] }] },
  });
  await addPerson(gw, "sam", "staff", { email: "sam@milkbank.example" });
  const now = Date.now();
  for (let i = 0; i < UNITS; i++) {
    gw.site.units.put({
      id: `room-${i}`,
      name: `Cold room freezer ${i}`,
      profileId: "bank-freezer",
      createdAtMs: 0,
    });
    gw.bus.emit("ruleEvent", {
      ...{ kind: "temperature-excursion", phase: "raised", severity: "critical", unitId: `room-${i}` },
      ...{ timeMs: now, key: `room-${i}:temperature-excursion:${now}`, message: "The air is too warm." },
    });
  }
  const expected = 1 + Math.ceil((UNITS - 1) / MAX_DIGEST);
  await expect.poll(() => mail.to("sam@milkbank.example").length, { timeout: 5000 }).toBe(expected);
  const mails = mail.to("sam@milkbank.example");
  expect(mails[0]?.subject).toMatch(/^MilkGuard Critical: Cold room freezer \d+, temperature excursion$/);
  expect(mails[1]?.subject).toBe(`MilkGuard: ${MAX_DIGEST} alerts at once (${MAX_DIGEST} critical)`);
  const text = mails.map((m) => m.text ?? "").join("\n");
  for (const alert of gw.site.alerts.list()) {
    expect(text.split(`${PUBLIC_URL}/#/alerts/${alert.id}`).length - 1).toBe(1);
  }
  await gw.notifications.idle();
  const sent = gw.site.audit.list({ limit: 5000 }).filter((a) => a.action === "notice.sent");
  expect(sent).toHaveLength(UNITS);
  expect(gw.site.notices.pending()).toEqual([]);
});
