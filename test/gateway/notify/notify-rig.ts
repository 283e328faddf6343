// The real gateway (build(), embedded aedes, its SQLite file) with notifications set up, a real SMTP
// server on loopback (smtp-server) whose mail is read with mailparser, people and a freezer, and a
// sensor that reports over MQTT.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ParsedMail, simpleParser } from "mailparser";
import type { MqttClient } from "mqtt";
import { SMTPServer } from "smtp-server";
import { build, type Gateway } from "../../../gateway/app.js";
import { createUser } from "../../../gateway/auth/users.js";
import type { Clock } from "../../../gateway/clock.js";
import { validateConfig } from "../../../gateway/config/load.js";
import { DOMAIN, knownIds } from "../../../gateway/engine/domain.js";
import type { User } from "../../../gateway/store/records.js";
import { connectDevice, readingsMessage } from "../core/gateway-rig.js";
import { quiet, removeDir } from "../core/ingest-rig.js";

export const PUBLIC_URL = "https://milkbank.example";

/** a real SMTP server on 127.0.0.1; `reply` decides each message's fate (an error: the SMTP code it carries) */
export class MailServer {
  readonly mails: ParsedMail[] = [];
  /** null accepts; otherwise the reply code given instead (451: try later, 550: refused) */
  refuseWith: number | null = null;
  private readonly server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData: (stream, _session, done) => {
      simpleParser(stream)
        .then((mail) => {
          if (this.refuseWith !== null) {
            const refused = Object.assign(new Error("not now"), { responseCode: this.refuseWith });
            return done(refused);
          }
          this.mails.push(mail);
          done();
        })
        .catch(done);
    },
  });
  port = 0;

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.server.address() as { port: number }).port;
    return this;
  }

  to(address: string): ParsedMail[] {
    return this.mails.filter((m) => JSON.stringify(m.to).includes(address));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

export interface RigOptions {
  smtpPort: number;
  /** merged into the config's notifications */
  notifications?: Record<string, unknown>;
  alerts?: Record<string, unknown>;
  dataDir?: string;
  /** the site's zone (site.timeZone); UTC unless told */
  timeZone?: string;
  /** the gateway's clock; the system's unless told */
  clock?: Clock;
}

/** the gateway with e-mail to the mail server; alarms after 1 min (the demo's 30 min is too slow for a test) */
export async function startNotifyingGateway(options: RigOptions): Promise<Gateway> {
  const loaded = validateConfig(
    {
      dataDir: options.dataDir ?? mkdtempSync(join(tmpdir(), "mg-notify-")),
      site: { ruleSet: "nice-ukamb", timeZone: options.timeZone ?? "UTC" },
      mqtt: { host: "127.0.0.1", port: 0 },
      http: { host: "127.0.0.1", port: 0 },
      log: { level: "silent" },
      profiles: { "donor-freezer": { alarmDelayMin: 1 }, "bank-freezer": { alarmDelayMin: 1 } },
      ...(options.alerts ? { alerts: options.alerts } : {}),
      notifications: {
        publicUrl: PUBLIC_URL,
        email: {
          host: "127.0.0.1",
          port: options.smtpPort,
          tls: "none",
          from: "MilkGuard <alerts@milkbank.example>",
          backoffMs: 20,
          maxBackoffMs: 100,
        },
        ...options.notifications,
      },
    },
    knownIds(DOMAIN),
  );
  if (!loaded.ok) throw new Error(loaded.errors.join("\n"));
  const gw = await build({
    config: loaded.config,
    domain: DOMAIN,
    log: quiet,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  await gw.start();
  return gw;
}

export function dataDirOf(gw: Gateway): string {
  return gw.config.dataDir;
}

export async function closeAndRemove(gw: Gateway | undefined): Promise<void> {
  if (!gw) return;
  await gw.close();
  removeDir(gw.config.dataDir);
}

export async function addPerson(
  gw: Gateway,
  name: string,
  role: User["role"],
  extra: Partial<Pick<User, "email" | "phone" | "notifications">>,
): Promise<User> {
  const user = await createUser(gw.site, {
    name,
    displayName: name[0]?.toUpperCase() + name.slice(1),
    role,
    password: "correct horse battery staple",
  });
  const full = { ...user, ...extra };
  gw.site.users.put(full);
  return full;
}

/**
 * A sensor in the unit reports 2 minutes of air at `tempC`, the last reading now: past the 1-minute
 * alarm delay, live (not a backlog).
 */
export async function warmUp(gw: Gateway, unitId: string, tempC: number): Promise<MqttClient> {
  const deviceId = `${unitId}-probe`;
  const client = await connectDevice(gw, deviceId, unitId);
  const nowS = Math.floor(Date.now() / 1000);
  const points = Array.from({ length: 7 }, (_, i): [number, number] => [nowS - 120 + i * 20, tempC]);
  await client.publishAsync(`milkguard/${deviceId}/readings`, readingsMessage(0, points), { qos: 1 });
  await gw.ingest.idle();
  return client;
}

/** the acknowledge link in a mail's text */
export function ackLinkIn(mail: ParsedMail): string {
  const link = /https:\/\/milkbank\.example\/ack\/[A-Za-z0-9_.-]+/.exec(mail.text ?? "")?.[0];
  if (!link) throw new Error(`no acknowledge link in: ${mail.text}`);
  return link;
}

/** the link's path on the gateway itself (the site's proxy would forward the public address to it) */
export function onGateway(gw: Gateway, link: string): string {
  return `http://127.0.0.1:${gw.httpPort}${new URL(link).pathname}`;
}
