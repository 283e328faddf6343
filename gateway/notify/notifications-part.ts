// Alert notices as one part of the gateway: it listens to "notify" (a new alert, a repeat, an
// escalation, a backlog's summary), works out who is told on which channel (routing.ts), prepares
// each notice with the unit's latest reading, its bags and the links, and hands it to the shared
// delivery queue, whose every outcome goes to the audit trail. Channels: the site's webhook, e-mail,
// SMS, as the config sets them up.
import type {
  NotificationTest,
  PersonalChannel,
  SiteNotificationSettings,
} from "../../shared/api/notifications.js";
import type { Notice } from "../alerts/backlog-summary.js";
import { webhookMessage, webhookNotifier } from "../alerts/webhook.js";
import type { EventBus } from "../bus.js";
import type { GatewayConfig } from "../config/schema.js";
import type { ProfileCatalog } from "../engine/profile-catalog.js";
import type { Logger } from "../log.js";
import type { Metrics } from "../metrics.js";
import { affectedBatches } from "../reports/affected-batches.js";
import type { ReadingsStore } from "../store/readings-store.js";
import type { User } from "../store/records.js";
import type { SiteStore } from "../store/site-store.js";
import { ackLinkKey, signAckToken } from "./ack-link.js";
import { createDeliveryQueue, type DeliveryQueue } from "./delivery-queue.js";
import { emailNotifier } from "./email.js";
import { type AlertMessage, type QueuedMessage, subjectOf } from "./message.js";
import type { Notifier } from "./notifier.js";
import { forgetDevice, pushNotifier, type VapidKeys, vapidKeys } from "./push.js";
import { addressesOf, channelsOf, type RoutingDeps, routesFor } from "./routing.js";
import { smsNotifier } from "./sms.js";
import { type WeeklyDigest, weeklyDigest } from "./weekly-digest.js";

export interface NotificationsDeps {
  config: Readonly<GatewayConfig>;
  site: SiteStore;
  readings: ReadingsStore;
  bus: EventBus;
  /** the gateway's clock (gateway/clock.ts) */
  clock: { now(): number };
  metrics: Metrics;
  log: Logger;
  profiles: ProfileCatalog;
  /** whether the unit is in an excursion now (a frozen bag in it must move) */
  warmNow(unitId: string): boolean;
  /** whether the rules hold the unit's sensor silent now (the weekly digest cannot call it well) */
  silentNow(unitId: string): boolean;
}

export interface Notifications {
  readonly name: string;
  start(): void;
  stop(): void;
  queue: DeliveryQueue;
  /** the VAPID public key a phone subscribes with; null when the site has no push */
  pushPublicKey: string | null;
  /** the channels a person can choose that the site has set up */
  available: PersonalChannel[];
  /** resolves when every notice so far is prepared and sent or given up (tests, the bench) */
  idle(): Promise<void>;
  /** a test notice on each of the user's channels */
  sendTest(user: User): NotificationTest;
  /** the site's settings as the admin sees them: no secret, only whether it is set */
  siteSettings(): SiteNotificationSettings;
  /** the donors' weekly digest; the gateway's timer asks it whether it is due */
  weeklyDigest: Pick<WeeklyDigest, "due">;
}

const OWNER = "notifications";

const NO_ADDRESS: Record<PersonalChannel, string> = {
  email: "no address given",
  sms: "no phone number given",
  push: "no phone or computer has turned it on",
};

export function notificationsPart(deps: NotificationsDeps): Notifications {
  const { config, site, bus, clock, log } = deps;
  const settings = config.notifications;
  const now = () => clock.now();
  const notifiers: Notifier[] = [];
  if (config.webhook.url) notifiers.push(webhookNotifier({ ...config.webhook, url: config.webhook.url }));
  if (settings.email) notifiers.push(emailNotifier(settings.email, settings.timeZone, now));
  if (settings.sms) notifiers.push(smsNotifier(settings.sms, now));
  // made on first start and kept (start()): a phone's subscription names this key
  let pushKeys: VapidKeys | undefined;
  const keys = (): VapidKeys => {
    if (!pushKeys) throw new Error("notifications are not started");
    return pushKeys;
  };
  if (settings.push) notifiers.push(pushNotifier(settings.push, keys, now, forgetPhone));
  const available = notifiers.flatMap((n) => (n.channel === "webhook" ? [] : [n.channel]));
  const base = settings.publicUrl.replace(/\/$/, "");
  const routing: RoutingDeps = {
    steps: settings.escalation,
    timeZone: settings.timeZone,
    unit: (id) => site.units.get(id),
    user: (id) => site.users.get(id),
    userByName: (name) => site.users.byName(name),
    available,
  };
  const preparing = new Set<Promise<void>>();
  /** per person and channel: until when what comes next is gathered */
  const gatherUntil = new Map<string, number>();
  let queue: DeliveryQueue | undefined;
  const weekly = weeklyDigest({
    ...{ config: settings.weeklyDigest, timeZone: config.site.timeZone, site, clock, log, base, available },
    ...{ readings: deps.readings, silentNow: deps.silentNow, audit },
    queue: () => part.queue,
  });

  function audit(action: string, subject: string, details: Record<string, unknown>): void {
    bus.emit("audit", site.audit.append({ atMs: clock.now(), actor: "notify", action, subject, details }));
  }

  async function prepare(notice: Notice, q: DeliveryQueue): Promise<void> {
    const { alert, summary } = notice;
    if (config.webhook.url) q.enqueue("webhook", webhookMessage(config.webhook.url, notice));
    const routes = routesFor(alert, clock.now(), routing);
    if (routes.length === 0) return;
    const latest = await deps.readings.latest(alert.unitId);
    const bags = affectedBatches(site, alert, clock.now(), deps.profiles.ruleSet(), deps.warmNow);
    const key = ackLinkKey(site);
    const expiresAtMs = clock.now() + settings.ackLinkHours * 3600_000;
    for (const route of routes) {
      const token = signAckToken(key, { alertId: alert.id, userId: route.user.id, expiresAtMs });
      const message: AlertMessage = {
        kind: "alert",
        to: { userId: route.user.id, address: route.address },
        alert,
        ...(summary ? { summary } : {}),
        unitName: site.units.get(alert.unitId)?.name ?? alert.unitId,
        ...(latest ? { reading: { tempC: latest.tempC, timeMs: latest.timeMs } } : {}),
        bags: bags.map((b) => ({ label: b.label, action: b.action, useByMs: b.useByMs })),
        alertUrl: `${base}/#/alerts/${encodeURIComponent(alert.id)}`,
        ...(alert.state === "open" ? { ackUrl: `${base}/ack/${token}` } : {}),
      };
      q.enqueue(route.channel, message, dueAt(`${route.channel} ${route.address}`, route.notBeforeMs));
    }
  }

  /** a push service said this phone's subscription is gone: it is forgotten */
  function forgetPhone(endpoint: string): void {
    for (const userId of forgetDevice(site, endpoint))
      log.info(`a phone of ${userId} no longer takes push notices: forgotten`);
  }

  /** the first notice goes when it may; those within gatherSeconds after it wait for its window's end */
  function dueAt(key: string, notBeforeMs: number | undefined): number | undefined {
    const earliest = notBeforeMs ?? clock.now();
    const until = gatherUntil.get(key);
    if (until !== undefined && until > earliest) return until;
    gatherUntil.set(key, earliest + settings.gatherSeconds * 1000);
    return notBeforeMs;
  }

  /** an alert answered while its notice waited (quiet hours, a gathering window) needs no notice */
  function stillWanted(message: QueuedMessage): boolean {
    // the site's webhook hears everything: an integration may keep its own record
    if (message.kind !== "alert" || message.to.userId === undefined) return true;
    const now = site.alerts.get(message.alert.id);
    if (!now || now.state === "resolved") return false;
    return !(now.state === "acknowledged" && message.alert.state === "open");
  }

  function onNotice(notice: Notice): void {
    if (!queue) return;
    const job = prepare(notice, queue)
      .catch((err: unknown) => log.error(`the notices for alert ${notice.alert.id} were not prepared`, err))
      .finally(() => preparing.delete(job));
    preparing.add(job);
  }

  function startQueue(): DeliveryQueue {
    return createDeliveryQueue({
      ...{ notifiers, metrics: deps.metrics, clock, log, store: site.notices, stillWanted },
      audit: (outcome, notice, detail) =>
        audit(`notice.${outcome}`, subjectOf(notice.message), {
          channel: notice.channel,
          to: notice.message.to.userId ?? "site",
          attempts: notice.attempts,
          ...(detail ? { detail } : {}),
        }),
    });
  }

  const part: Notifications = {
    name: OWNER,
    available,
    get pushPublicKey() {
      return pushKeys?.publicKey ?? null;
    },
    get queue(): DeliveryQueue {
      if (!queue) throw new Error("notifications are not started");
      return queue;
    },
    start() {
      for (const step of settings.escalation) {
        const names = "users" in step ? step.users : Object.values(step.rota).flat();
        for (const name of names)
          if (!site.users.byName(name))
            log.warn(
              `notifications.escalation '${step.name}': no user is called '${name}'; nobody is told in their place`,
            );
      }
      if (settings.push) pushKeys = vapidKeys(site);
      queue = startQueue();
      bus.on("notify", OWNER, onNotice);
      weekly.start();
    },
    stop() {
      weekly.stop();
      bus.removeOwner(OWNER);
      queue?.close();
    },
    weeklyDigest: weekly,
    async idle() {
      await weekly.idle();
      while (preparing.size > 0) await Promise.all([...preparing]);
      await queue?.drained();
    },
    siteSettings: () => siteSettingsOf(config, queue?.pending() ?? {}),
    sendTest(user) {
      const result: NotificationTest = { queued: [], skipped: [] };
      for (const channel of channelsOf(user)) {
        const addresses = addressesOf(user, channel);
        if (!available.includes(channel))
          result.skipped.push({ channel, reason: `the site has not set up ${channel}` });
        else if (addresses.length === 0) result.skipped.push({ channel, reason: NO_ADDRESS[channel] });
        for (const address of available.includes(channel) ? addresses : []) {
          const message = {
            kind: "test" as const,
            to: { userId: user.id, address },
            displayName: user.displayName,
            settingsUrl: `${base}/#/notifications`,
          };
          part.queue.enqueue(channel, message);
          result.queued.push({ channel, to: channel === "push" ? "this phone or computer" : address });
        }
      }
      return result;
    },
  };
  return part;
}

function siteSettingsOf(
  config: Readonly<GatewayConfig>,
  pending: Record<string, number>,
): SiteNotificationSettings {
  const { email, sms, ...site } = config.notifications;
  return {
    publicUrl: site.publicUrl,
    timeZone: site.timeZone,
    ackLinkHours: site.ackLinkHours,
    email: email
      ? {
          ...{ host: email.host, port: email.port, tls: email.tls, from: email.from },
          user: email.user ?? null,
          passwordSet: email.password !== undefined,
        }
      : null,
    sms: !sms
      ? null
      : sms.provider === "twilio"
        ? { provider: "twilio", accountSid: sms.accountSid, authTokenSet: true, from: sms.from }
        : // the URL may carry a key in its query: only where it goes is shown
          {
            provider: "http",
            url: new URL(sms.url).origin + new URL(sms.url).pathname,
            headerNames: Object.keys(sms.headers),
          },
    webhook: { urlSet: config.webhook.url !== undefined },
    escalation: site.escalation.map((step) => ({ ...step })),
    pending,
  };
}
