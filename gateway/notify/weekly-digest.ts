// The weekly digest for donors (docs/notifications.md). The gateway's timer (app.ts) calls `due()`
// every notifications.weeklyDigest.checkEverySeconds; once the site's clock has passed the week's end
// and that week's digests have not been queued, each donor with units gets one, on the first of her
// channels that reaches her: e-mail, else her phones, else SMS. The week queued is an audit line,
// written in the same transaction as the digests (which the queue keeps in the file until sent), so a
// restart neither sends a week twice nor skips one it slept through.
import type { PersonalChannel } from "../../shared/api/notifications.js";
import type { Logger } from "../log.js";
import type { ReadingsStore } from "../store/readings-store.js";
import type { Unit, User } from "../store/records.js";
import type { SiteStore } from "../store/site-store.js";
import type { WeeklyDigestConfig } from "./config.js";
import type { DeliveryQueue } from "./delivery-queue.js";
import type { WeeklyMessage } from "./message.js";
import { addressesOf, channelsOf } from "./routing.js";
import { weeklyUnit } from "./weekly-figures.js";
import { type DigestWeek, latestWeek } from "./weekly-schedule.js";

export interface WeeklyDigestDeps {
  config: WeeklyDigestConfig;
  /** the site's zone (site.timeZone): the schedule and the times in the digest */
  timeZone: string;
  site: SiteStore;
  readings: ReadingsStore;
  clock: { now(): number };
  log: Logger;
  silentNow(unitId: string): boolean;
  /** the site's public address, without a trailing slash */
  base: string;
  available: readonly PersonalChannel[];
  queue(): DeliveryQueue;
  audit(action: string, subject: string, details: Record<string, unknown>): void;
}

export interface WeeklyDigest {
  start(): void;
  /** queues the week's digests when due and not yet queued; a round already under way is left to end */
  due(): void;
  stop(): void;
  /** resolves when no round is under way (tests) */
  idle(): Promise<void>;
}

/** the audit subject of each week queued; its newest line says the last week sent */
const SUBJECT = "weekly-digest";
/**
 * When this site first ran the digest: the first week ending after it is the first sent (a new site
 * gets no digest of a week it did not watch). Kept once, in the file's write-once key store.
 */
const SINCE_KEY = "weekly-digest-since";
const PREFERRED: readonly PersonalChannel[] = ["email", "push", "sms"];

export function weeklyDigest(deps: WeeklyDigestDeps): WeeklyDigest {
  const { site, clock, config } = deps;
  let sinceMs = Number.POSITIVE_INFINITY;
  let lastSent = "";
  let round: Promise<void> | undefined;
  let stopped = false;

  /** her first channel the site has set up and she can be reached on, with its addresses */
  function reach(user: User): { channel: PersonalChannel; addresses: string[] } | undefined {
    const chosen = channelsOf(user);
    for (const channel of PREFERRED) {
      const addresses =
        chosen.includes(channel) && deps.available.includes(channel) ? addressesOf(user, channel) : [];
      if (addresses.length > 0) return { channel, addresses };
    }
    return undefined;
  }

  async function send(week: DigestWeek): Promise<void> {
    const byOwner = new Map<string, Unit[]>();
    for (const unit of site.units.list())
      if (unit.ownerId !== undefined) byOwner.set(unit.ownerId, [...(byOwner.get(unit.ownerId) ?? []), unit]);
    const digests: { channel: PersonalChannel; message: WeeklyMessage }[] = [];
    for (const [ownerId, units] of byOwner) {
      const user = site.users.get(ownerId);
      const wanted = user && !user.disabled && user.notifications?.weeklyDigest !== false;
      const to = wanted ? reach(user) : undefined;
      if (!user || !to) continue;
      const figures = [];
      for (const unit of units.sort((a, b) => a.name.localeCompare(b.name)))
        figures.push(await weeklyUnit(unit, week, deps));
      for (const address of to.addresses)
        digests.push({
          channel: to.channel,
          message: {
            ...{ kind: "weekly", to: { userId: user.id, address }, displayName: user.displayName },
            ...{ fromMs: week.fromMs, toMs: week.toMs, timeZone: deps.timeZone, units: figures },
            settingsUrl: `${deps.base}/#/notifications`,
          },
        });
    }
    // stopped while reading: the next start queues the week
    if (stopped) return;
    site.transaction(() => {
      for (const { channel, message } of digests) deps.queue().enqueue(channel, message);
      const donors = new Set(digests.map((d) => d.message.to.userId)).size;
      deps.audit("notice.weekly-digest", SUBJECT, { week: week.id, donors });
    });
    lastSent = week.id;
  }

  return {
    start() {
      stopped = false;
      sinceMs = Number(site.secrets.get(SINCE_KEY, () => String(clock.now())));
      const last = site.audit.list({ subject: SUBJECT, limit: 1 })[0];
      lastSent = typeof last?.details.week === "string" ? last.details.week : "";
    },
    due() {
      if (!config.enabled || round || stopped) return;
      const week = latestWeek(clock.now(), config, deps.timeZone);
      // ISO dates compare as text: a clock set back never sends an older week again
      if (week.toMs <= sinceMs || week.id <= lastSent) return;
      round = send(week)
        .catch((err: unknown) => deps.log.error(`the weekly digest of ${week.id} was not queued`, err))
        .finally(() => {
          round = undefined;
        });
    },
    stop() {
      stopped = true;
    },
    async idle() {
      await round;
    },
  };
}
