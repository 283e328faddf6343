// A sensor's life as the admin runs it: created, its secrets rotated, retired. Its MQTT password and
// HMAC key are returned once, with the config file the sensor is flashed with; only the password's
// hash is stored (the HMAC key must be stored to verify messages). Each change is audited.
import { randomBytes } from "node:crypto";
import type { FirmwareFile } from "../../shared/api/answers.js";
import { isValidDeviceId } from "../../shared/protocol/topics.js";
import type { EventBus } from "../bus.js";
import type { Clock } from "../clock.js";
import { conflict, invalid, notFound } from "../errors.js";
import { auditedChange } from "../store/audited-change.js";
import type { Device } from "../store/records.js";
import type { SiteStore } from "../store/site-store.js";
import { type DeviceBroker, defaultBroker, firmwareFile } from "./firmware-file.js";
import { hashDeviceSecret, newDeviceSecret, RETIRED_SECRET } from "./secret.js";

export interface Provisioned {
  device: Device;
  password: string;
  hmacKey: string;
  firmwareFile: FirmwareFile;
}

export interface DeviceProvisioning {
  /**
   * creates the device and returns its secrets once; `requestHost` is how the admin reached the
   * gateway, which names the embedded broker in the config file
   */
  create(
    input: { id?: string; unitId: string; board?: string; intervalS?: number },
    by: string,
    requestHost?: string,
  ): Provisioned;
  /** a new password and HMAC key, returned once: the old ones stop working */
  rotate(deviceId: string, by: string, requestHost?: string): Provisioned;
  /** the device can no longer connect; its record and readings stay */
  retire(deviceId: string, by: string): Device;
}

export interface ProvisioningDeps {
  site: SiteStore;
  bus: EventBus;
  clock: Clock;
  /** the interval a new device samples at unless told otherwise: its unit profile's */
  defaultIntervalS(unitId: string): number;
  /** where sensors reach the broker (firmware-file.ts deviceBroker); the embedded defaults if left out */
  broker?: (requestHost: string) => DeviceBroker;
}

export function createProvisioning(deps: ProvisioningDeps): DeviceProvisioning {
  const { site, bus, clock } = deps;
  const brokerFor = deps.broker ?? defaultBroker;
  const newSecrets = () => ({ password: newDeviceSecret(), hmacKey: randomBytes(16).toString("hex") });

  /** stores the device with its audit line, tells the bus, and hands out the secrets once */
  const save = (device: Device, by: string, action: string, details: Record<string, unknown>) => {
    const line = { atMs: clock.now(), actor: by, action, subject: `device:${device.id}`, details };
    auditedChange(site, bus, line, () => site.devices.put(device));
    bus.emit("device", device);
  };
  const existing = (deviceId: string): Device => {
    const device = site.devices.get(deviceId);
    if (!device) throw notFound("device", deviceId);
    return device;
  };

  return {
    create(input, by, requestHost = "localhost") {
      const id = input.id ?? `mg-${randomBytes(4).toString("hex")}`;
      if (!isValidDeviceId(id)) throw invalid("id: use 1-32 characters a-z, 0-9 and '-'");
      if (site.devices.get(id)) throw conflict(`device '${id}' exists`);
      if (!site.units.get(input.unitId)) throw notFound("unit", input.unitId);
      const secrets = newSecrets();
      const device: Device = {
        id,
        unitId: input.unitId,
        secretHash: hashDeviceSecret(secrets.password),
        hmacKey: secrets.hmacKey,
        intervalS: input.intervalS ?? deps.defaultIntervalS(input.unitId),
        ...(input.board ? { board: input.board } : {}),
        online: false,
        ackedUpTo: -1,
        createdAtMs: clock.now(),
      };
      save(device, by, "device.created", { unitId: input.unitId, board: input.board ?? null });
      return { device, ...secrets, firmwareFile: firmwareFile(device, secrets, brokerFor(requestHost)) };
    },

    rotate(deviceId, by, requestHost = "localhost") {
      const old = existing(deviceId);
      if (old.retiredAtMs !== undefined)
        throw conflict(`device '${deviceId}' is retired: provision a new one`);
      const secrets = newSecrets();
      const device = { ...old, secretHash: hashDeviceSecret(secrets.password), hmacKey: secrets.hmacKey };
      save(device, by, "device.secrets-rotated", {});
      return { device, ...secrets, firmwareFile: firmwareFile(device, secrets, brokerFor(requestHost)) };
    },

    retire(deviceId, by) {
      const old = existing(deviceId);
      if (old.retiredAtMs !== undefined) return old;
      const { hmacKey: _key, ...rest } = old;
      const device: Device = { ...rest, secretHash: RETIRED_SECRET, retiredAtMs: clock.now() };
      save(device, by, "device.retired", { unitId: old.unitId });
      return device;
    },
  };
}
