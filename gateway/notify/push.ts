// Web Push (RFC 8030, payload encrypted per RFC 8291, the sender identified per RFC 8292 VAPID) to
// the dashboard installed on a phone, with the `web-push` library. The gateway makes its VAPID key
// pair on first start and keeps it in its SQLite file, so subscriptions outlive restarts. A push
// service answering 404 or 410 says the subscription is gone: given up, and the device forgotten.
// web-push (and its crypto libraries) is loaded only by a site that pushes: about 1.5 MiB of heap.

import type { Agent } from "node:https";
import { createRequire } from "node:module";
import type * as WebPush from "web-push";
import type { SiteStore } from "../store/site-store.js";
import type { PushConfig } from "./config.js";
import type { Notifier } from "./notifier.js";
import { renderPush } from "./render.js";

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

const require = createRequire(import.meta.url);
/** required, not imported: vapidKeys stays synchronous for the part's start() */
const webPush = () => require("web-push") as typeof WebPush;

/** made once, on first start, and kept (a new pair would orphan every phone's subscription) */
export function vapidKeys(site: SiteStore): VapidKeys {
  const pair = site.secrets.get("vapid-keys", () => JSON.stringify(webPush().generateVAPIDKeys()));
  return JSON.parse(pair) as VapidKeys;
}

/** how long a push service keeps a notice for a phone that is off: the alert repeats anyway */
const TTL_S = 3600;

export function pushNotifier(
  config: PushConfig,
  keys: () => VapidKeys,
  now: () => number,
  /** a push service said this subscription is gone */
  forget: (endpoint: string) => void,
  /** only for a test's push service with its own certificate; push services have public ones */
  agent?: Agent,
): Notifier {
  return {
    channel: "push",
    policy: config,
    async send(message) {
      const webpush = webPush();
      const subscription = JSON.parse(message.to.address) as WebPush.PushSubscription;
      const critical = message.kind === "alert" && message.alert.severity === "critical";
      try {
        const sent = await webpush.sendNotification(
          subscription,
          JSON.stringify(renderPush(message, now())),
          {
            vapidDetails: { subject: config.subject, ...keys() },
            TTL: TTL_S,
            urgency: critical ? "high" : "normal",
            timeout: config.timeoutMs,
            ...(agent ? { agent } : {}),
          },
        );
        return { ok: true, detail: `HTTP ${sent.statusCode}` };
      } catch (err) {
        const status = err instanceof webpush.WebPushError ? err.statusCode : undefined;
        if (status === 404 || status === 410) forget(subscription.endpoint);
        const problem = err instanceof Error ? err.message : String(err);
        const permanent = status !== undefined && status >= 400 && status < 500 && status !== 429;
        return { ok: false, problem: status ? `HTTP ${status} ${problem}` : problem, permanent };
      }
    },
  };
}

/** a push service said this subscription is gone: whoever had it no longer has that device */
export function forgetDevice(site: SiteStore, endpoint: string): string[] {
  const owners = site.users.list().filter((u) => u.pushSubscriptions?.some((d) => d.endpoint === endpoint));
  for (const user of owners)
    site.users.put({
      ...user,
      pushSubscriptions: (user.pushSubscriptions ?? []).filter((d) => d.endpoint !== endpoint),
    });
  return owners.map((u) => u.id);
}
