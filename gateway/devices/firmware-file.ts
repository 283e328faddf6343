// A sensor's config file (shared/api/answers.ts FirmwareFile) from its record and its secrets, the
// moment they are made: the gateway keeps only the password's hash, so the file can be given once.
import type { FirmwareFile } from "../../shared/api/answers.js";
import { configSchema, type GatewayConfig } from "../config/schema.js";
import type { Device } from "../store/records.js";

/** where sensors reach the broker */
export interface DeviceBroker {
  host: string;
  port: number;
  prefix: string;
}

/** as firmware/devices/example.json: a broker notices a silent sensor after 1.5 keep-alives */
const KEEP_ALIVE_S = 60;
/** a device record without a board was provisioned before boards were chosen; ESP32 is the default build */
const DEFAULT_BOARD = "ESP32";

/**
 * The broker as sensors reach it: an external broker's own address, or the embedded one on this
 * computer, named as the person provisioning reached the dashboard (`requestHost`): a sensor on the
 * same network reaches it by the same name.
 */
export function deviceBroker(
  mqtt: GatewayConfig["mqtt"],
  mqttPort: number,
  requestHost: string,
): DeviceBroker {
  if (mqtt.external) {
    const url = new URL(mqtt.external.url);
    const port = Number(url.port) || (url.protocol === "mqtts:" ? 8883 : 1883);
    return { host: url.hostname, port, prefix: mqtt.prefix };
  }
  return { host: requestHost, port: mqttPort || mqtt.port, prefix: mqtt.prefix };
}

/** the embedded broker's defaults, for a gateway built without a broker (tests of the HTTP side) */
export const defaultBroker = (requestHost: string): DeviceBroker =>
  deviceBroker(configSchema.parse({}).mqtt, 0, requestHost);

export function firmwareFile(
  device: Device,
  secrets: { password: string; hmacKey: string },
  broker: DeviceBroker,
): FirmwareFile {
  return {
    board: device.board ?? DEFAULT_BOARD,
    deviceId: device.id,
    intervalS: device.intervalS,
    mqtt: {
      host: broker.host,
      port: broker.port,
      username: device.id,
      password: secrets.password,
      prefix: broker.prefix,
      keepAliveS: KEEP_ALIVE_S,
    },
    hmacKey: secrets.hmacKey,
  };
}
