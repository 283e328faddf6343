// The audit trail for inspections, and a check that its hash chain is intact.
import { Router } from "express";
import { z } from "zod";
import { requireRole } from "../authenticate.js";
import type { RouteContext } from "../context.js";
import { sendOk } from "../envelope.js";
import { parseInput } from "../validate.js";

const Query = z.object({
  subject: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(200),
});

export function auditRoutes(ctx: RouteContext): Router {
  const router = Router();
  router.use(requireRole("admin", "staff"));
  router.get("/", (req, res) => {
    const { subject, limit } = parseInput(Query, req.query);
    // the store lists in chain order; people read the newest first
    sendOk(res, ctx.site.audit.list({ limit, ...(subject ? { subject } : {}) }).reverse());
  });
  router.get("/verify", (_req, res) => {
    sendOk(res, ctx.site.audit.verify());
  });
  return router;
}
