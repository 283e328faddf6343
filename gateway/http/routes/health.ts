// No sign-in needed: the health check (store, broker) and Prometheus metrics.
import { Router } from "express";
import type { RouteContext } from "../context.js";

export function healthRoutes(ctx: RouteContext): Router {
  const router = Router();
  router.get("/healthz", (_req, res) => {
    const parts = ctx.health?.() ?? {};
    const down = Object.entries(parts).filter(([, part]) => (part as { ok?: unknown } | null)?.ok === false);
    if (down.length === 0) return res.json({ status: "ok", data: parts });
    res.status(503).json({
      status: "error",
      code: "MILK_ERR_UNHEALTHY",
      error: `not healthy: ${down.map(([name]) => name).join(", ")}`,
      data: parts,
    });
  });
  router.get("/metrics", (_req, res) => {
    res.type("text/plain; version=0.0.4; charset=utf-8").send(ctx.renderMetrics?.() ?? "");
  });
  return router;
}
