// Sensors: listed for staff; provisioned, given new secrets and retired by an admin, who sees the
// password, HMAC key and config file once.
import type { Router } from "express";
import type { Device as ApiDevice } from "../../../shared/api/records.js";
import { DeviceListQuery, NewDeviceBody } from "../../../shared/api/requests.js";
import type { Provisioned } from "../../devices/provisioning.js";
import type { Device } from "../../store/records.js";
import type { RouteContext } from "../context.js";
import { FieldError } from "../envelope.js";
import { apiRouter } from "../typed-router.js";
import { parseInput } from "../validate.js";

/** a device without its secrets */
export const publicDevice = ({ secretHash: _hash, hmacKey: _key, ...device }: Device): ApiDevice => device;

const shownOnce = (made: Provisioned) => ({ ...made, device: publicDevice(made.device) });

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

  // req.hostname: the name the admin reached the gateway by names its broker in the config file
  api.post(
    "/",
    (req, res) => {
      const input = parseInput(NewDeviceBody, req.body);
      if (!ctx.site.units.get(input.unitId)) throw new FieldError("unitId", `unknown unit '${input.unitId}'`);
      return shownOnce(ctx.devices.create(input, ctx.access(res).user.id, req.hostname));
    },
    { needs: "provisionDevices", status: 201 },
  );
  api.post(
    "/:id/rotate",
    (req, res) => shownOnce(ctx.devices.rotate(req.params.id, ctx.access(res).user.id, req.hostname)),
    { needs: "provisionDevices" },
  );
  api.post(
    "/:id/retire",
    (req, res) => publicDevice(ctx.devices.retire(req.params.id, ctx.access(res).user.id)),
    { needs: "provisionDevices" },
  );
  return api.router;
}
