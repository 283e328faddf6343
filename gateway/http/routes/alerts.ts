// The alert board: list, one alert with the bags it affects, acknowledge and resolve.
import { Router } from "express";
import { z } from "zod";
import { forbidden, notFound } from "../../errors.js";
import { affectedBatches } from "../../reports/affected-batches.js";
import type { Alert } from "../../store/records.js";
import type { Access } from "../access.js";
import type { RouteContext } from "../context.js";
import { sendOk } from "../envelope.js";
import { parseInput } from "../validate.js";

const STATES = ["open", "acknowledged", "resolved"] as const;

const ListQuery = z.object({
  state: z
    .string()
    .default("open,acknowledged")
    .transform((s) => s.split(",").filter(Boolean))
    .pipe(z.array(z.enum(STATES)).min(1)),
  unitId: z.string().min(1).optional(),
});
const AckBody = z.object({ comment: z.string().max(2000).default("") });
const ResolveBody = z.object({ correctiveAction: z.string().trim().min(1, "say what was done").max(2000) });

/** the alert, or 404; 403 when it is about a unit the user may not see (nor act on) */
function alertFor(ctx: RouteContext, access: Access, id: string): Alert {
  const alert = ctx.site.alerts.get(id);
  if (!alert) throw notFound("alert", id);
  if (!access.canSeeUnitAt(alert.unitId, alert.openedAtMs))
    throw forbidden(`alert '${id}' is about a unit that is not one of yours`);
  return alert;
}

export function alertRoutes(ctx: RouteContext): Router {
  const router = Router();
  router.get("/", (req, res) => {
    const { state, unitId } = parseInput(ListQuery, req.query);
    const access = ctx.access(res);
    const alerts = ctx.site.alerts
      .list({ state, ...(unitId ? { unitId } : {}) })
      .filter((a) => access.canSeeUnitAt(a.unitId, a.openedAtMs))
      .sort((a, b) => b.openedAtMs - a.openedAtMs);
    sendOk(res, alerts);
  });

  router.get("/:id", (req, res) => {
    const alert = alertFor(ctx, ctx.access(res), req.params.id);
    sendOk(res, {
      alert,
      affectedBatches: affectedBatches(
        ctx.site,
        alert,
        ctx.clock.now(),
        ctx.profiles.ruleSet(),
        (unitId) => (ctx.conditionsOf?.(unitId).excursion ?? null) !== null,
      ),
    });
  });

  router.post("/:id/acknowledge", (req, res) => {
    const access = ctx.access(res);
    const alert = alertFor(ctx, access, req.params.id);
    const { comment } = parseInput(AckBody, req.body);
    sendOk(res, ctx.alerts.acknowledge(alert.id, access.user.id, comment));
  });

  router.post("/:id/resolve", (req, res) => {
    const access = ctx.access(res);
    const alert = alertFor(ctx, access, req.params.id);
    const { correctiveAction } = parseInput(ResolveBody, req.body);
    sendOk(res, ctx.alerts.resolve(alert.id, access.user.id, correctiveAction));
  });
  return router;
}
