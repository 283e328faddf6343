// A user's own notification settings (e-mail, phone, channels, quiet hours) and the test button; the
// site's settings for whoever may read them, every secret shown only as set or not.
import type { Response, Router } from "express";

/** a person's phones and computers with push on; the oldest goes when one more turns it on */
const MAX_DEVICES = 10;

import type {
  NotificationSettings,
  NotificationTest,
  PersonalChannel,
  SiteNotificationSettings,
} from "../../../shared/api/notifications.js";
import {
  NotificationSettingsBody,
  type PushDevices,
  PushRemoveBody,
  PushSubscriptionBody,
} from "../../../shared/api/notifications.js";
import { channelsOf } from "../../notify/routing.js";
import type { PushSubscriptionRecord, User } from "../../store/records.js";
import type { RouteContext } from "../context.js";
import { apiRouter } from "../typed-router.js";
import { parseInput } from "../validate.js";

/** what the routes need of the notifications part (gateway/notify/notifications-part.ts) */
export interface NotificationsApi {
  available: PersonalChannel[];
  pushPublicKey: string | null;
  sendTest(user: User): NotificationTest;
  siteSettings(): SiteNotificationSettings;
}

export function notificationRoutes(ctx: RouteContext): Router {
  const api = apiRouter("/api/notifications");
  const settingsOf = (user: User): NotificationSettings => ({
    email: user.email ?? null,
    phone: user.phone ?? null,
    channels: channelsOf(user),
    quietHours: user.notifications?.quietHours ?? null,
    weeklyDigest: user.notifications?.weeklyDigest !== false,
    available: ctx.notifications.available,
  });

  api.get("/settings", (_req, res) => settingsOf(ctx.access(res).user));

  api.post("/settings", (req, res) => {
    const { user } = ctx.access(res);
    const body = parseInput(NotificationSettingsBody, req.body);
    // left out: unchanged; null: removed
    const email = body.email === undefined ? user.email : (body.email ?? undefined);
    const phone = body.phone === undefined ? user.phone : (body.phone ?? undefined);
    const quietHours =
      body.quietHours === undefined ? user.notifications?.quietHours : (body.quietHours ?? undefined);
    const weeklyDigest = body.weeklyDigest ?? user.notifications?.weeklyDigest ?? true;
    const { email: _email, phone: _phone, notifications: _notifications, ...rest } = user;
    const changed: User = {
      ...rest,
      ...(email ? { email } : {}),
      ...(phone ? { phone } : {}),
      notifications: {
        channels: [...new Set(body.channels)],
        ...(quietHours ? { quietHours } : {}),
        ...(weeklyDigest ? {} : { weeklyDigest }),
      },
    };
    ctx.site.transaction(() => {
      ctx.site.users.put(changed);
      ctx.audit(res, "user.notifications", `user:${user.id}`, {
        channels: changed.notifications?.channels,
        quietHours: quietHours ?? null,
        weeklyDigest,
        emailSet: email !== undefined,
        phoneSet: phone !== undefined,
      });
    });
    return settingsOf(changed);
  });

  api.post("/test", (_req, res) => ctx.notifications.sendTest(ctx.access(res).user));
  api.get("/site", () => ctx.notifications.siteSettings(), { needs: "readSiteSettings" });

  // this phone or computer, by Web Push: the page subscribes with the gateway's key and sends it here
  const devicesOf = (user: User): PushDevices => ({
    publicKey: ctx.notifications.pushPublicKey,
    devices: user.pushSubscriptions?.length ?? 0,
  });
  const keepDevices = (res: Response, user: User, devices: PushSubscriptionRecord[], action: string) => {
    // a phone turned on is a channel chosen; the last one turned off is not
    const chosen = channelsOf(user).filter((c) => c !== "push");
    const channels = devices.length > 0 ? [...chosen, "push" as const] : chosen;
    const changed: User = {
      ...user,
      pushSubscriptions: devices,
      notifications: { ...user.notifications, channels },
    };
    ctx.site.transaction(() => {
      ctx.site.users.put(changed);
      ctx.audit(res, action, `user:${user.id}`, { devices: devices.length });
    });
    return devicesOf(changed);
  };
  api.get("/push", (_req, res) => devicesOf(ctx.access(res).user));
  api.post("/push", (req, res) => {
    const { user } = ctx.access(res);
    const { endpoint, keys } = parseInput(PushSubscriptionBody, req.body);
    const others = (user.pushSubscriptions ?? []).filter((d) => d.endpoint !== endpoint);
    const device = { endpoint, keys, addedAtMs: ctx.clock.now() };
    return keepDevices(res, user, [...others, device].slice(-MAX_DEVICES), "user.push-on");
  });
  api.post("/push/remove", (req, res) => {
    const { user } = ctx.access(res);
    const { endpoint } = parseInput(PushRemoveBody, req.body);
    const left = (user.pushSubscriptions ?? []).filter((d) => d.endpoint !== endpoint);
    return keepDevices(res, user, left, "user.push-off");
  });
  return api.router;
}
