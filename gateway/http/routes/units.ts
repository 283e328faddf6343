// Freezers, fridges, cool boxes and rooms: the overview, one unit, and creating one (admin).
import { randomUUID } from "node:crypto";
import { Router } from "express";
import { z } from "zod";
import { conflict } from "../../errors.js";
import type { Unit } from "../../store/records.js";
import { requireRole } from "../authenticate.js";
import type { RouteContext } from "../context.js";
import { FieldError, sendOk } from "../envelope.js";
import { unitSummary } from "../unit-summary.js";
import { parseInput } from "../validate.js";
import { publicDevice } from "./devices.js";

const NewUnitBody = z.object({
  id: z.string().min(1).max(64).optional(),
  name: z.string().min(1).max(120),
  profileId: z.string().min(1),
  ownerId: z.string().min(1).optional(),
});

export function unitRoutes(ctx: RouteContext): Router {
  const router = Router();
  router.get("/", async (_req, res) => {
    const units = ctx.access(res).visibleUnits();
    sendOk(res, await Promise.all(units.map((u) => unitSummary(ctx, u))));
  });

  router.get("/:id", async (req, res) => {
    const unit = ctx.access(res).unit(req.params.id);
    const devices = ctx.site.devices.byUnit(unit.id).map(publicDevice);
    sendOk(res, { ...(await unitSummary(ctx, unit)), devices });
  });

  router.post("/", requireRole("admin"), (req, res) => {
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
    sendOk(res, unit, 201);
  });
  return router;
}
