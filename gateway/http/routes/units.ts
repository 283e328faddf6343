// Freezers, fridges, cool boxes and rooms: the overview, one unit, and creating one (admin).
import { randomUUID } from "node:crypto";
import type { Router } from "express";
import { NewUnitBody } from "../../../shared/api/requests.js";
import { conflict } from "../../errors.js";
import type { Unit } from "../../store/records.js";
import type { RouteContext } from "../context.js";
import { FieldError } from "../envelope.js";
import { apiRouter } from "../typed-router.js";
import { unitSummary } from "../unit-summary.js";
import { parseInput } from "../validate.js";
import { publicDevice } from "./devices.js";

export function unitRoutes(ctx: RouteContext): Router {
  const api = apiRouter("/api/units");
  api.get("/", async (_req, res) => {
    const units = ctx.access(res).visibleUnits();
    return await Promise.all(units.map((u) => unitSummary(ctx, u)));
  });

  api.get("/:id", async (req, res) => {
    const unit = ctx.access(res).unit(req.params.id);
    const devices = ctx.site.devices.byUnit(unit.id).map(publicDevice);
    return { ...(await unitSummary(ctx, unit)), devices };
  });

  api.post(
    "/",
    (req, res) => {
      const input = parseInput(NewUnitBody, req.body);
      if (!ctx.profiles.profile(input.profileId))
        throw new FieldError("profileId", `unknown profile '${input.profileId}'`);
      if (input.ownerId && !ctx.site.users.get(input.ownerId)) {
        throw new FieldError("ownerId", `unknown user '${input.ownerId}'`);
      }
      const id = input.id ?? randomUUID();
      if (ctx.site.units.get(id)) throw conflict(`unit '${id}' already exists`);
      const unit: Unit = {
        id,
        name: input.name,
        profileId: input.profileId,
        ...(input.ownerId ? { ownerId: input.ownerId } : {}),
        createdAtMs: ctx.clock.now(),
      };
      ctx.site.transaction(() => {
        ctx.site.units.put(unit);
        ctx.audit(res, "unit.created", `unit:${id}`, { ...unit });
      });
      return unit;
    },
    { needs: "createUnits", status: 201 },
  );
  return api.router;
}
