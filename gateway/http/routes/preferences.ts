// A signed-in user's own language and temperature unit (any role: it changes only how her pages read).
import type { Router } from "express";
import { PreferencesBody } from "../../../shared/api/preferences.js";
import { publicUser, withPreferences } from "../../auth/users.js";
import { capabilitiesOf } from "../access.js";
import type { RouteContext } from "../context.js";
import { apiRouter } from "../typed-router.js";
import { parseInput } from "../validate.js";

export function preferenceRoutes(ctx: RouteContext): Router {
  const api = apiRouter("/api/me");
  api.post("/preferences", (req, res) => {
    const { user } = ctx.access(res);
    const changed = withPreferences(user, parseInput(PreferencesBody, req.body));
    const { language = null, temperatureUnit = null } = changed;
    ctx.site.transaction(() => {
      ctx.site.users.put(changed);
      ctx.audit(res, "user.preferences", `user:${user.id}`, { language, temperatureUnit });
    });
    return { ...publicUser(changed), can: capabilitiesOf(changed.role), site: ctx.display };
  });
  return api.router;
}
