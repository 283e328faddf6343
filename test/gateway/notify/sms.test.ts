// SMS through a provider's HTTP API, against a local stand-in that checks each request exactly as the
// provider documents it (sending real SMS cannot run here): Twilio's Messages API (form-encoded POST
// to /2010-04-01/Accounts/{AccountSid}/Messages.json with HTTP basic auth; 201 when queued), from a
// real excursion over MQTT; and a site's own provider through the templated POST.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { MqttClient } from "mqtt";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Gateway } from "../../../gateway/app.js";
import { smsNotifier } from "../../../gateway/notify/sms.js";
import { addPerson, closeAndRemove, MailServer, startNotifyingGateway, warmUp } from "./notify-rig.js";

const SID = `AC${"0123456789abcdef".repeat(2)}`;
const TOKEN = "twilio-auth-token-0123";

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

let stand: Server;
let seen: Seen[];
let answer: { status: number; body: string };

beforeEach(async () => {
  seen = [];
  answer = {
    status: 201,
    body: JSON.stringify({ sid: "SM00000000000000000000000000000000", status: "queued" }),
  };
  stand = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => {
      body += c.toString();
    });
    req.on("end", () => {
      seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      res.writeHead(answer.status, { "content-type": "application/json" }).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => stand.listen(0, "127.0.0.1", resolve));
});
afterEach(async () => {
  await new Promise((resolve) => stand.close(resolve));
});
const standUrl = () => `http://127.0.0.1:${(stand.address() as { port: number }).port}`;

describe("SMS through Twilio's Messages API", () => {
  let mail: MailServer;
  let gw: Gateway | undefined;
  let sensor: MqttClient | undefined;
  afterEach(async () => {
    await sensor?.endAsync();
    await closeAndRemove(gw);
    await mail.close();
  });

  it("pages the person on duty with a short text: the unit, the value, what to do, the link", async () => {
    mail = await new MailServer().start();
    gw = await startNotifyingGateway({
      smtpPort: mail.port,
      notifications: {
        sms: {
          provider: "twilio",
          accountSid: SID,
          authToken: TOKEN,
          from: "+441234567890",
          apiUrl: standUrl(),
        },
        escalation: [{ name: "on call", users: ["sam"] }],
      },
    });
    await addPerson(gw, "sam", "staff", { phone: "+447700900123", notifications: { channels: ["sms"] } });
    gw.site.units.put({ id: "bank-1", name: "Bank freezer 1", profileId: "bank-freezer", createdAtMs: 0 });
    gw.batches.register(
      {
        ...{ label: "Donor Dora Smith, 3 Dec", unitId: "bank-1", donorId: "dora", volumeMl: 150 },
        ...{ container: "bottle", expressedAtMs: Date.now() - 86_400_000, purpose: "donation" },
        processing: "pasteurised",
      },
      "sam",
    );
    sensor = await warmUp(gw, "bank-1", -5);
    await gw.notifications.idle();

    expect(seen.length).toBeGreaterThan(0);
    const [request] = seen;
    expect(request?.method).toBe("POST");
    expect(request?.url).toBe(`/2010-04-01/Accounts/${SID}/Messages.json`);
    expect(request?.headers.authorization).toBe(`Basic ${Buffer.from(`${SID}:${TOKEN}`).toString("base64")}`);
    expect(request?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    const form = new URLSearchParams(request?.body);
    expect([...form.keys()].sort()).toEqual(["Body", "From", "To"]);
    expect(form.get("To")).toBe("+447700900123");
    expect(form.get("From")).toBe("+441234567890");
    const text = form.get("Body") ?? "";
    expect(text).toMatch(
      /^MilkGuard (Warning|Critical): Bank freezer 1 temperature excursion -5\.0 C just now\./,
    );
    // GSM-7 only (a "°" would make it UCS-2: 70 characters a segment)
    expect(text).toMatch(/^[\x20-\x7e]+$/);
    expect(text).toContain("Move the bags to a working freezer.");
    expect(text).toMatch(/Ack: https:\/\/milkbank\.example\/ack\/\S+$/);
    // nothing personal beyond the unit's name: no donor, no bag label
    expect(text).not.toMatch(/Dora|Smith/);
    expect(gw.metrics.value("milkguard_notifications_total", { channel: "sms", outcome: "sent" })).toBe(
      seen.length,
    );
  });
});

describe("SMS through a site's own provider", () => {
  it("posts the site's template with the number and text put in, and gives up on a 4xx", async () => {
    const sms = smsNotifier(
      {
        provider: "http",
        url: `${standUrl()}/v1/send?key=abc`,
        headers: { "x-api-key": "secret" },
        contentType: "application/json",
        body: '{"recipient":"{{to}}","message":"{{text}}"}',
        ...{ timeoutMs: 2000, maxPending: 10, maxAttempts: 3, backoffMs: 10, maxBackoffMs: 10 },
      },
      Date.now,
    );
    const message = {
      kind: "test",
      to: { address: "+447700900123" },
      displayName: "Sam",
      settingsUrl: "",
    } as const;
    expect(await sms.send(message)).toMatchObject({ ok: true });
    expect(seen[0]?.url).toBe("/v1/send?key=abc");
    expect(seen[0]?.headers["x-api-key"]).toBe("secret");
    expect(JSON.parse(seen[0]?.body ?? "")).toEqual({
      recipient: "+447700900123",
      message: "MilkGuard test: alerts will reach you on this number.",
    });
    answer = { status: 400, body: "bad number" };
    expect(await sms.send(message)).toMatchObject({
      ok: false,
      permanent: true,
      problem: "HTTP 400 bad number",
    });
    answer = { status: 503, body: "" };
    expect(await sms.send(message)).toMatchObject({ ok: false, permanent: false });
  });
});
