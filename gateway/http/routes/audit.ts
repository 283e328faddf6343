// The audit trail for inspections, and a check that its hash chain is intact.
import type { Router } from "express";
import { AuditQuery } from "../../../shared/api/requests.js";
import type { RouteContext } from "../context.js";
import { apiRouter } from "../typed-router.js";
import { parseInput } from "../validate.js";

export function auditRoutes(ctx: RouteContext): Router {
  const api = apiRouter("/api/audit");
  api.needs("readAudit");
  api.get("/", (req) => {
    const { subject, limit } = parseInput(AuditQuery, req.query);
    // the store lists in chain order; people read the newest first
    return ctx.site.audit.list({ limit, ...(subject ? { subject } : {}) }).reverse();
  });
  api.get("/verify", () => ctx.site.audit.verify());
  return api.router;
}
