// The alert board: list, one alert with the bags it affects, acknowledge and resolve.
import type { Router } from "express";
import {
  AcknowledgeBody,
  AcknowledgeUnitBody,
  AlertListQuery,
  ResolveBody,
} from "../../../shared/api/requests.js";
import { forbidden, notFound } from "../../errors.js";
import { affectedBatches } from "../../reports/affected-batches.js";
import type { Alert } from "../../store/records.js";
import type { Access } from "../access.js";
import type { RouteContext } from "../context.js";
import { apiRouter } from "../typed-router.js";
import { parseInput } from "../validate.js";

/** the alert, or 404; 403 when it is about a unit the user may not see (nor act on) */
function alertFor(ctx: RouteContext, access: Access, id: string): Alert {
  const alert = ctx.site.alerts.get(id);
  if (!alert) throw notFound("alert", id);
  if (!access.canSeeUnitAt(alert.unitId, alert.openedAtMs))
    throw forbidden(`alert '${id}' is about a unit that is not one of yours`);
  return alert;
}

export function alertRoutes(ctx: RouteContext): Router {
  const api = apiRouter("/api/alerts");
  api.get("/", (req, res) => {
    const { state, unitId } = parseInput(AlertListQuery, req.query);
    const access = ctx.access(res);
    return ctx.site.alerts
      .list({ state, ...(unitId ? { unitId } : {}) })
      .filter((a) => access.canSeeUnitAt(a.unitId, a.openedAtMs))
      .sort((a, b) => b.openedAtMs - a.openedAtMs);
  });

  api.get("/:id", (req, res) => {
    const alert = alertFor(ctx, ctx.access(res), req.params.id);
    return {
      alert,
      affectedBatches: affectedBatches(
        ctx.site,
        alert,
        ctx.clock.now(),
        ctx.profiles.ruleSet(),
        (unitId) => (ctx.conditionsOf(unitId).excursion ?? null) !== null,
      ),
    };
  });

  api.post("/:id/acknowledge", (req, res) => {
    const access = ctx.access(res);
    const alert = alertFor(ctx, access, req.params.id);
    const { comment } = parseInput(AcknowledgeBody, req.body);
    return ctx.alerts.acknowledge(alert.id, access.user.id, comment);
  });

  api.post("/acknowledge", (req, res) => {
    const access = ctx.access(res);
    const { unitId, comment } = parseInput(AcknowledgeUnitBody, req.body);
    if (!access.canSeeUnitAt(unitId, ctx.clock.now()))
      throw forbidden(`unit '${unitId}' is not one of yours`);
    return ctx.alerts.acknowledgeUnit(unitId, access.user.id, comment);
  });

  api.post("/:id/resolve", (req, res) => {
    const access = ctx.access(res);
    const alert = alertFor(ctx, access, req.params.id);
    const { correctiveAction } = parseInput(ResolveBody, req.body);
    return ctx.alerts.resolve(alert.id, access.user.id, correctiveAction);
  });
  return api.router;
}
