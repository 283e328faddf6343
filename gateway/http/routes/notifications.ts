// A user's own notification settings (e-mail, phone, channels, quiet hours) and the test button; the
// site's settings for whoever may read them, every secret shown only as set or not.
import type { Router } from "express";
import type {
  NotificationSettings,
  NotificationTest,
  PersonalChannel,
  SiteNotificationSettings,
} from "../../../shared/api/notifications.js";
import { NotificationSettingsBody } from "../../../shared/api/notifications.js";
import { channelsOf } from "../../notify/routing.js";
import type { User } from "../../store/records.js";
import type { RouteContext } from "../context.js";
import { apiRouter } from "../typed-router.js";
import { parseInput } from "../validate.js";

/** what the routes need of the notifications part (gateway/notify/notifications-part.ts) */
export interface NotificationsApi {
  available: PersonalChannel[];
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
    const { email: _email, phone: _phone, notifications: _notifications, ...rest } = user;
    const changed: User = {
      ...rest,
      ...(email ? { email } : {}),
      ...(phone ? { phone } : {}),
      notifications: { channels: [...new Set(body.channels)], ...(quietHours ? { quietHours } : {}) },
    };
    ctx.site.transaction(() => {
      ctx.site.users.put(changed);
      ctx.audit(res, "user.notifications", `user:${user.id}`, {
        channels: changed.notifications?.channels,
        quietHours: quietHours ?? null,
        emailSet: email !== undefined,
        phoneSet: phone !== undefined,
      });
    });
    return settingsOf(changed);
  });

  api.post("/test", (_req, res) => ctx.notifications.sendTest(ctx.access(res).user));
  api.get("/site", () => ctx.notifications.siteSettings(), { needs: "readSiteSettings" });
  return api.router;
}
