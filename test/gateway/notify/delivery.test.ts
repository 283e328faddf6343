// The shared delivery queue against the real gateway and a real SMTP server: a notice the server
// cannot take yet waits in the SQLite file and goes out after a restart; a server that refuses it for
// good is given up, counted and audited; a lane holds at most its bound, dropping the oldest, and a
// dead channel never holds up another.
import { createServer, type Server } from "node:http";
import type { MqttClient } from "mqtt";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Gateway } from "../../../gateway/app.js";
import { Metrics } from "../../../gateway/metrics.js";
import { createDeliveryQueue } from "../../../gateway/notify/delivery-queue.js";
import { emailNotifier } from "../../../gateway/notify/email.js";
import type { TestMessage } from "../../../gateway/notify/message.js";
import { quiet } from "../core/ingest-rig.js";
import { addPerson, closeAndRemove, MailServer, startNotifyingGateway, warmUp } from "./notify-rig.js";

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

async function siteFreezerWatchedBySam(gateway: Gateway): Promise<void> {
  await addPerson(gateway, "sam", "staff", { email: "sam@milkbank.example" });
  gateway.site.units.put({
    id: "bank-1",
    name: "Bank freezer 1",
    profileId: "bank-freezer",
    createdAtMs: Date.now() - 86_400_000,
  });
}

const staffStep = { escalation: [{ name: "on duty", users: ["sam"] }] };

describe("the delivery queue", () => {
  it("keeps a notice the mail server cannot take yet over a restart, and sends it after", async () => {
    mail.refuseWith = 451;
    gw = await startNotifyingGateway({ smtpPort: mail.port, notifications: staffStep });
    const dataDir = gw.config.dataDir;
    await siteFreezerWatchedBySam(gw);
    sensor = await warmUp(gw, "bank-1", -5);
    await expect
      .poll(
        () => gw?.metrics.value("milkguard_notifications_total", { channel: "email", outcome: "retried" }),
        { timeout: 5000 },
      )
      .toBeGreaterThan(0);
    await sensor.endAsync();
    sensor = undefined;
    await gw.close();
    gw = undefined;

    mail.refuseWith = null;
    gw = await startNotifyingGateway({ smtpPort: mail.port, notifications: staffStep, dataDir });
    await expect.poll(() => mail.to("sam@milkbank.example").length, { timeout: 5000 }).toBeGreaterThan(0);
    await gw.notifications.idle();
    expect(gw.site.notices.pending()).toEqual([]);
    expect(mail.to("sam@milkbank.example")[0]?.subject).toContain("Bank freezer 1");
  });

  it("gives up a notice the server refuses for good, counted and in the audit trail", async () => {
    mail.refuseWith = 550;
    gw = await startNotifyingGateway({ smtpPort: mail.port, notifications: staffStep });
    await siteFreezerWatchedBySam(gw);
    sensor = await warmUp(gw, "bank-1", -5);
    await gw.notifications.idle();
    const failed = gw.site.audit.list().filter((a) => a.action === "notice.failed");
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0]?.details).toMatchObject({ channel: "email", to: "sam", attempts: 1 });
    expect(String(failed[0]?.details.detail)).toMatch(/550/);
    expect(gw.metrics.value("milkguard_notifications_total", { channel: "email", outcome: "failed" })).toBe(
      failed.length,
    );
    expect(gw.site.notices.pending()).toEqual([]);
  });
});

describe("one lane per channel", () => {
  let hook: Server;
  beforeEach(async () => {
    // a webhook that never answers
    hook = createServer(() => {});
    await new Promise<void>((resolve) => hook.listen(0, "127.0.0.1", resolve));
  });
  afterEach(async () => {
    hook.closeAllConnections();
    await new Promise((resolve) => hook.close(resolve));
  });

  it("sends e-mail while the webhook hangs, and holds at most its bound on a lane", async () => {
    const hookUrl = `http://127.0.0.1:${(hook.address() as { port: number }).port}/`;
    const metrics = new Metrics();
    const queue = createDeliveryQueue({
      notifiers: [
        {
          channel: "webhook",
          policy: { maxPending: 2, maxAttempts: 1, backoffMs: 10, maxBackoffMs: 10 },
          send: () => new Promise(() => {}),
        },
        emailNotifier(
          {
            ...{ host: "127.0.0.1", port: mail.port, tls: "none", from: "alerts@milkbank.example" },
            ...{ timeoutMs: 5000, maxPending: 10, maxAttempts: 1, backoffMs: 10, maxBackoffMs: 10 },
          },
          "UTC",
          Date.now,
        ),
      ],
      ...{ metrics, clock: { now: Date.now }, log: quiet },
    });
    const test = (address: string): TestMessage => ({
      kind: "test",
      to: { address },
      displayName: "Sam",
      settingsUrl: hookUrl,
    });
    for (let i = 0; i < 5; i++) queue.enqueue("webhook", test(hookUrl));
    queue.enqueue("email", test("sam@milkbank.example"));
    await expect.poll(() => mail.to("sam@milkbank.example").length, { timeout: 5000 }).toBe(1);
    // one in flight, two waiting, the two oldest waiting dropped
    expect(queue.pending()).toEqual({ webhook: 2, email: 0 });
    expect(metrics.value("milkguard_notifications_total", { channel: "webhook", outcome: "dropped" })).toBe(
      2,
    );
    queue.close();
  });
});
