// A unit's readings for a chart: GET /api/units/:id/readings?from&to&bucketMs
import type { Router } from "express";
import { ReadingsQuery } from "../../../shared/api/requests.js";
import { readingsWindow } from "../../reports/readings-window.js";
import type { RouteContext } from "../context.js";
import { FieldError } from "../envelope.js";
import { apiRouter } from "../typed-router.js";
import { parseInput } from "../validate.js";

const DAY_MS = 86_400_000;
/**
 * Ten years: a milk bank keeps its records for years (issue 17), and a long chart costs about what a
 * year's does (buckets summed from hourly rollups, readings-window.ts)
 */
const MAX_RANGE_MS = 3653 * DAY_MS;
const MAX_BUCKETS = 10_000;

export function readingRoutes(ctx: RouteContext): Router {
  const api = apiRouter("/api/units", true);
  api.get("/:id/readings", async (req, res) => {
    const query = parseInput(ReadingsQuery, req.query);
    const toMs = query.to ?? ctx.clock.now();
    const fromMs = query.from ?? toMs - DAY_MS;
    if (fromMs >= toMs) throw new FieldError("from", "must be before to");
    if (toMs - fromMs > MAX_RANGE_MS) throw new FieldError("from", "range is longer than ten years");
    if (query.bucketMs && (toMs - fromMs) / query.bucketMs > MAX_BUCKETS) {
      throw new FieldError("bucketMs", `too small: more than ${MAX_BUCKETS} buckets`);
    }
    // a courier reads a cool box only within her trips: the window is cut to the trip
    const span = ctx.access(res).readableSpan(req.params.id, { fromMs, toMs });
    const window = await readingsWindow(ctx.readings, {
      unitId: req.params.id,
      ...span,
      ...(query.bucketMs ? { bucketMs: query.bucketMs } : {}),
    });
    return { unitId: req.params.id, ...span, ...window };
  });
  return api.router;
}
