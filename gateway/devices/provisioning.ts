// Creating a device: its MQTT password and HMAC key are returned once; only the password's hash is
// stored (the HMAC key must be stored to verify messages).
import { randomBytes } from "node:crypto";
import { isValidDeviceId } from "../../shared/protocol/topics.js";
import type { EventBus } from "../bus.js";
import type { Clock } from "../clock.js";
import { conflict, invalid, notFound } from "../errors.js";
import type { Device } from "../store/records.js";
import type { SiteStore } from "../store/site-store.js";
import { hashDeviceSecret, newDeviceSecret } from "./secret.js";

export interface DeviceProvisioning {
  /** creates the device and returns its secrets once; only hashes are stored */
  create(
    input: { id?: string; unitId: string; board?: string; intervalS?: number },
    by: string,
  ): {
    device: Device;
    password: string;
    hmacKey: string;
  };
}

export interface ProvisioningDeps {
  site: SiteStore;
  bus: EventBus;
  clock: Clock;
  /** the interval a new device samples at unless told otherwise: its unit profile's */
  defaultIntervalS(unitId: string): number;
}

export function createProvisioning(deps: ProvisioningDeps): DeviceProvisioning {
  return {
    create(input, by) {
      const id = input.id ?? `mg-${randomBytes(4).toString("hex")}`;
      if (!isValidDeviceId(id)) throw invalid("id: use 1-32 characters a-z, 0-9 and '-'");
      if (deps.site.devices.get(id)) throw conflict(`device '${id}' exists`);
      if (!deps.site.units.get(input.unitId)) throw notFound("unit", input.unitId);
      const password = newDeviceSecret();
      const hmacKey = randomBytes(16).toString("hex");
      const now = deps.clock.now();
      const device: Device = {
        id,
        unitId: input.unitId,
        secretHash: hashDeviceSecret(password),
        hmacKey,
        intervalS: input.intervalS ?? deps.defaultIntervalS(input.unitId),
        ...(input.board ? { board: input.board } : {}),
        online: false,
        ackedUpTo: -1,
        createdAtMs: now,
      };
      const entry = deps.site.transaction(() => {
        deps.site.devices.put(device);
        return deps.site.audit.append({
          atMs: now,
          actor: by,
          action: "device.created",
          subject: `device:${id}`,
          details: { unitId: input.unitId },
        });
      });
      deps.bus.emit("audit", entry);
      deps.bus.emit("device", device);
      return { device, password, hmacKey };
    },
  };
}
