// Profiles and rule sets with the source of every number, for limit bands and "where is this from".
import { Router } from "express";
import type { RouteContext } from "../context.js";
import { sendOk } from "../envelope.js";

export function profileRoutes(ctx: RouteContext): Router {
  const router = Router();
  router.get("/", (_req, res) => {
    // the dashboard counts a bag's use-by with the rule set the site runs
    sendOk(res, { ...ctx.profiles.all(), siteRuleSetId: ctx.profiles.ruleSet()?.id ?? null });
  });
  return router;
}
