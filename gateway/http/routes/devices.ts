// Sensors: listed for staff; provisioned by an admin, who sees the password and HMAC key once.
import { Router } from "express";
import { z } from "zod";
import { isValidDeviceId } from "../../../shared/protocol/topics.js";
import type { Device } from "../../store/records.js";
import { requireRole } from "../authenticate.js";
import type { RouteContext } from "../context.js";
import { FieldError, sendOk } from "../envelope.js";
import { parseInput } from "../validate.js";

/** a device without its secrets */
export const publicDevice = ({ secretHash: _hash, hmacKey: _key, ...device }: Device) => device;

const ListQuery = z.object({ unitId: z.string().min(1).optional() });

const NewDeviceBody = z.object({
  id: z
    .string()
    .refine(isValidDeviceId, "use 1-32 characters a-z, 0-9 and '-' (it is part of MQTT topics)")
    .optional(),
  unitId: z.string().min(1),
  board: z.string().min(1).max(64).optional(),
  intervalS: z.number().int().positive().optional(),
});

export function deviceRoutes(ctx: RouteContext): Router {
  const router = Router();
  router.get("/", requireRole("admin", "staff"), (req, res) => {
    const { unitId } = parseInput(ListQuery, req.query);
    const devices = unitId ? ctx.site.devices.byUnit(unitId) : ctx.site.devices.list();
    sendOk(res, devices.map(publicDevice));
  });

  router.post("/", requireRole("admin"), (req, res) => {
    const input = parseInput(NewDeviceBody, req.body);
    if (!ctx.site.units.get(input.unitId)) throw new FieldError("unitId", `unknown unit '${input.unitId}'`);
    const created = ctx.devices.create(input, ctx.access(res).user.id);
    sendOk(res, { ...created, device: publicDevice(created.device) }, 201);
  });
  return router;
}
