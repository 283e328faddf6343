// No sign-in needed: the health check (store, broker) and Prometheus metrics. A part that reports
// `ok: false` makes the answer 503 and is named with its reason and since when (a store another
// process has locked, a full disk: the gateway still runs, degraded, and recovers by itself).
import { Router } from "express";
import type { Answer } from "../../../shared/api/routes.js";
import type { RouteContext } from "../context.js";

interface PartHealth {
  ok?: unknown;
  reason?: unknown;
  sinceMs?: unknown;
}

export function healthRoutes(ctx: RouteContext): Router {
  const router = Router();
  router.get("/healthz", (_req, res) => {
    const parts: Answer<"GET /healthz"> = ctx.health();
    const down = Object.entries(parts).filter(([, part]) => (part as PartHealth | null)?.ok === false);
    if (down.length === 0) return res.json({ status: "ok", data: parts });
    res.status(503).json({
      status: "error",
      code: "MILK_ERR_UNHEALTHY",
      error: `not healthy: ${down.map(([name, part]) => describe(name, part as PartHealth)).join("; ")}`,
      data: parts,
    });
  });
  router.get("/metrics", (_req, res) => {
    res.type("text/plain; version=0.0.4; charset=utf-8").send(ctx.renderMetrics());
  });
  return router;
}

function describe(name: string, part: PartHealth): string {
  const reason = typeof part.reason === "string" ? `: ${part.reason}` : "";
  const since = typeof part.sinceMs === "number" ? ` since ${new Date(part.sinceMs).toISOString()}` : "";
  return `${name}${reason}${since}`;
}
