// Web Push: a donor's phone subscribes through the API, the real gateway routes her alert to it, and a
// local push service (HTTPS with its own certificate, which the test's notifier trusts: the gateway
// trusts the public CAs push services use, so its own try waits in the queue) does what a push
// service and the phone do with it: checks the VAPID identification (RFC 8292: a JWT signed with the
// gateway's kept key, for this service's origin) and decrypts the payload with the subscription's own
// keys (RFC 8291, aes128gcm per RFC 8188), then reads the notice the phone would show.

import { execFileSync } from "node:child_process";
import { createDecipheriv, createECDH, createPublicKey, hkdfSync, randomBytes, verify } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import type { IncomingHttpHeaders, Server } from "node:http";
import { Agent, createServer } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { MqttClient } from "mqtt";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Gateway } from "../../../gateway/app.js";
import type { AlertMessage } from "../../../gateway/notify/message.js";
import { forgetDevice, pushNotifier, vapidKeys } from "../../../gateway/notify/push.js";
import { removeDir } from "../core/ingest-rig.js";
import {
  addPerson,
  closeAndRemove,
  MailServer,
  PUBLIC_URL,
  startNotifyingGateway,
  warmUp,
} from "./notify-rig.js";

const PASSWORD = "correct horse battery staple";
/** the gateway's own try fails on the test's certificate: it waits a minute, where the test finds it */
const PUSH = { push: { subject: "mailto:alerts@milkbank.example", backoffMs: 60_000 } };

/** a phone's browser: its push keys (RFC 8291 section 2) */
function browserKeys() {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  const auth = randomBytes(16);
  return {
    ecdh,
    auth,
    p256dh: ecdh.getPublicKey().toString("base64url"),
    authText: auth.toString("base64url"),
  };
}

/** RFC 8188 / 8291: one aes128gcm record, decrypted with the subscriber's keys */
function decrypt(body: Buffer, keys: ReturnType<typeof browserKeys>): string {
  const salt = body.subarray(0, 16);
  const idLength = body.readUInt8(20);
  const senderKey = body.subarray(21, 21 + idLength);
  const record = body.subarray(21 + idLength);
  const secret = keys.ecdh.computeSecret(senderKey);
  const info = Buffer.concat([Buffer.from("WebPush: info\0"), keys.ecdh.getPublicKey(), senderKey]);
  const ikm = Buffer.from(hkdfSync("sha256", secret, keys.auth, info, 32));
  const cek = Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: aes128gcm\0"), 16));
  const nonce = Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: nonce\0"), 12));
  const decipher = createDecipheriv("aes-128-gcm", cek, nonce);
  decipher.setAuthTag(record.subarray(record.length - 16));
  const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
  // the last record ends with the delimiter 0x02, then zero padding
  const end = padded.lastIndexOf(2);
  return padded.subarray(0, end).toString("utf8");
}

/** RFC 8292: "vapid t=<JWT>, k=<public key>"; the JWT signed (ES256) with that key */
function vapidClaims(headers: IncomingHttpHeaders): { key: string; claims: Record<string, unknown> } {
  const match = /^vapid t=([^,]+), k=(.+)$/.exec(String(headers.authorization));
  if (!match?.[1] || !match[2]) throw new Error(`no VAPID authorization: ${headers.authorization}`);
  const [header, payload, signature] = match[1].split(".");
  const raw = Buffer.from(match[2], "base64url");
  const key = createPublicKey({
    key: {
      kty: "EC",
      crv: "P-256",
      x: raw.subarray(1, 33).toString("base64url"),
      y: raw.subarray(33).toString("base64url"),
    },
    format: "jwk",
  });
  const signed = verify(
    "sha256",
    Buffer.from(`${header}.${payload}`),
    { key, dsaEncoding: "ieee-p1363" },
    Buffer.from(signature ?? "", "base64url"),
  );
  if (!signed) throw new Error("the VAPID JWT's signature does not verify");
  return { key: match[2], claims: JSON.parse(Buffer.from(payload ?? "", "base64url").toString()) };
}

interface Delivered {
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

let service: Server;
let delivered: Delivered[];
let answer: number;
let mail: MailServer;
let gw: Gateway | undefined;
let sensor: MqttClient | undefined;

/** the local push service's own certificate, made with openssl for 127.0.0.1 */
const certDir = mkdtempSync(join(tmpdir(), "mg-push-cert-"));
let tls: { key: Buffer; cert: Buffer };
let agent: Agent;
beforeAll(() => {
  execFileSync(
    "openssl",
    [
      ...["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"],
      ...["-keyout", join(certDir, "key.pem"), "-out", join(certDir, "cert.pem"), "-days", "1"],
      ...["-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
    ],
    { stdio: "ignore" },
  );
  tls = { key: readFileSync(join(certDir, "key.pem")), cert: readFileSync(join(certDir, "cert.pem")) };
  agent = new Agent({ ca: tls.cert });
});
afterAll(() => removeDir(certDir));

beforeEach(async () => {
  delivered = [];
  answer = 201;
  service = createServer(tls, (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      delivered.push({ url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => service.listen(0, "127.0.0.1", resolve));
  mail = await new MailServer().start();
});
afterEach(async () => {
  await sensor?.endAsync();
  await closeAndRemove(gw);
  await mail.close();
  await new Promise((resolve) => service.close(resolve));
  gw = undefined;
  sensor = undefined;
});

async function donorWithPhone() {
  gw = await startNotifyingGateway({
    smtpPort: mail.port,
    notifications: PUSH,
  });
  const base = `http://127.0.0.1:${gw.httpPort}`;
  const anna = await addPerson(gw, "anna", "donor", {});
  gw.site.units.put({
    id: "anna-freezer",
    name: "Anna's freezer",
    profileId: "donor-freezer",
    ownerId: anna.id,
    createdAtMs: Date.now() - 86_400_000,
  });
  const login = await fetch(`${base}/api/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: "anna", password: PASSWORD }),
  });
  const { token } = ((await login.json()) as { data: { token: string } }).data;
  const call = async (path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return ((await res.json()) as { data: Record<string, unknown> }).data;
  };
  const keys = browserKeys();
  const endpoint = `https://127.0.0.1:${(service.address() as { port: number }).port}/push/anna-phone`;
  const { publicKey } = (await call("/api/notifications/push")) as { publicKey: string };
  expect(
    await call("/api/notifications/push", { endpoint, keys: { p256dh: keys.p256dh, auth: keys.authText } }),
  ).toEqual({
    publicKey,
    devices: 1,
  });
  await call("/api/notifications/settings", { channels: ["push"] });
  return { keys, publicKey, call };
}

/** the phone's notice as the gateway prepared it, sent as its push notifier sends it */
async function pushAsTheGatewayWould(gateway: Gateway, forget: (endpoint: string) => void = () => {}) {
  await expect
    .poll(() => gateway.site.notices.pending().some((n) => n.channel === "push"), { timeout: 5000 })
    .toBe(true);
  const notice = gateway.site.notices.pending().find((n) => n.channel === "push");
  const config = gateway.config.notifications.push;
  if (!notice || !config) throw new Error("no push notice");
  const notifier = pushNotifier(config, () => vapidKeys(gateway.site), Date.now, forget, agent);
  return { message: notice.message as AlertMessage, report: await notifier.send(notice.message) };
}

describe("Web Push", () => {
  it("reaches the donor's phone with the unit, the value and what to do, readable only with its keys", async () => {
    const { keys, publicKey } = await donorWithPhone();
    sensor = await warmUp(gw as Gateway, "anna-freezer", -5);
    const { message, report } = await pushAsTheGatewayWould(gw as Gateway);
    expect(report).toMatchObject({ ok: true });
    expect(JSON.parse(message.to.address)).toMatchObject({
      endpoint: expect.stringContaining("/push/anna-phone"),
    });
    const [push] = delivered as [Delivered];
    expect(push.url).toBe("/push/anna-phone");
    expect(push.headers["content-encoding"]).toBe("aes128gcm");
    expect(push.headers.ttl).toBe("3600");
    expect(push.headers.urgency).toBe("high");
    const { key, claims } = vapidClaims(push.headers);
    expect(key).toBe(publicKey);
    const origin = `https://127.0.0.1:${(service.address() as { port: number }).port}`;
    expect(claims).toMatchObject({ aud: origin, sub: "mailto:alerts@milkbank.example" });
    expect(Number(claims.exp) * 1000).toBeGreaterThan(Date.now());

    const alert = gw?.site.alerts.list({ unitId: "anna-freezer" })[0];
    expect(JSON.parse(decrypt(push.body, keys))).toEqual({
      title: "Critical: Anna's freezer, temperature excursion",
      body: "-5.0 °C just now. The milk may start to thaw: move the bags to a working freezer or a cool box with ice packs now.",
      url: `${PUBLIC_URL}/#/alerts/${alert?.id}`,
      tag: `alert-${alert?.id}`,
    });
    // someone else's keys cannot read it
    expect(() => decrypt(push.body, browserKeys())).toThrow();
  });

  it("keeps its VAPID key over a restart, and forgets a phone whose subscription is gone", async () => {
    const { publicKey } = await donorWithPhone();
    await gw?.close();
    const dataDir = gw?.config.dataDir as string;
    gw = await startNotifyingGateway({ smtpPort: mail.port, notifications: PUSH, dataDir });
    expect(gw.notifications.pushPublicKey).toBe(publicKey);

    answer = 410;
    const anna = gw.site.users.byName("anna");
    if (!anna) throw new Error("no anna");
    gw.notifications.sendTest(anna);
    const gateway = gw;
    const { report } = await pushAsTheGatewayWould(gateway, (endpoint) =>
      forgetDevice(gateway.site, endpoint),
    );
    expect(report).toMatchObject({ ok: false, permanent: true, problem: expect.stringMatching(/^HTTP 410/) });
    expect(gw.site.users.byName("anna")?.pushSubscriptions).toEqual([]);
  });
});
