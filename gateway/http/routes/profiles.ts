// Profiles and rule sets with the source of every number, for limit bands and "where is this from".
import type { Router } from "express";
import type { RouteContext } from "../context.js";
import { apiRouter } from "../typed-router.js";

export function profileRoutes(ctx: RouteContext): Router {
  const api = apiRouter("/api/profiles");
  // the dashboard counts a bag's use-by with the rule set the site runs
  api.get("/", () => ({ ...ctx.profiles.all(), siteRuleSetId: ctx.profiles.ruleSet()?.id ?? null }));
  return api.router;
}
