// Sensors: listed for staff; provisioned by an admin, who sees the password and HMAC key once.
import type { Router } from "express";
import type { Device as ApiDevice } from "../../../shared/api/records.js";
import { DeviceListQuery, NewDeviceBody } from "../../../shared/api/requests.js";
import type { Device } from "../../store/records.js";
import type { RouteContext } from "../context.js";
import { FieldError } from "../envelope.js";
import { apiRouter } from "../typed-router.js";
import { parseInput } from "../validate.js";

/** a device without its secrets */
export const publicDevice = ({ secretHash: _hash, hmacKey: _key, ...device }: Device): ApiDevice => device;

export function deviceRoutes(ctx: RouteContext): Router {
  const api = apiRouter("/api/devices");
  api.get(
    "/",
    (req) => {
      const { unitId } = parseInput(DeviceListQuery, req.query);
      const devices = unitId ? ctx.site.devices.byUnit(unitId) : ctx.site.devices.list();
      return devices.map(publicDevice);
    },
    { needs: "listDevices" },
  );

  api.post(
    "/",
    (req, res) => {
      const input = parseInput(NewDeviceBody, req.body);
      if (!ctx.site.units.get(input.unitId)) throw new FieldError("unitId", `unknown unit '${input.unitId}'`);
      const created = ctx.devices.create(input, ctx.access(res).user.id);
      return { ...created, device: publicDevice(created.device) };
    },
    { needs: "provisionDevices", status: 201 },
  );
  return api.router;
}
