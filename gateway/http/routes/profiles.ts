// Profiles and rule sets with the source of every number, for limit bands and "where is this from".
import { Router } from "express";
import type { RouteContext } from "../context.js";
import { sendOk } from "../envelope.js";

export function profileRoutes(ctx: RouteContext): Router {
  const router = Router();
  router.get("/", (_req, res) => {
    sendOk(res, ctx.profiles.all());
  });
  return router;
}
