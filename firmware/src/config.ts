// Everything a device needs at install time: one JSON file (firmware/devices/*.json) or build flags.
// The build puts it in front of the code as `var MG_CONFIG = {...};`.

export interface FirmwareConfig {
  board: string;
  fw: string;
  deviceId: string;
  wifi?: { ssid: string; password: string };
  mqtt?: {
    host: string;
    port: number;
    username: string;
    password: string;
    prefix: string;
    keepAliveS: number;
  };
  /** per-device key for the HMAC of each readings message (chips without TLS) */
  hmacKey?: string;
  /** DS18B20 on a 1-Wire pin (name such as "D4"), or the chip's own sensor (Puck.js, Pixl.js) */
  probe: { kind: "ds18b20"; pin: string } | { kind: "onchip" };
  intervalS: number;
  /** how often unacknowledged readings go from RAM to flash; flash wears, so not on every sample */
  flushIntervalS: number;
  /** readings per message; the next batch goes only after the ack of this one */
  batchSize: number;
  /** readings held in RAM between flushes (one flash segment) */
  ramReadings: number;
  /** most flash segments kept; the build reports readings capacity = (segments + 1) * ramReadings */
  flashSegments: number;
  /** local alarm: pin name (default: the board's, see firmware/boards.ts; none: no pin) and limits until the gateway sends its own */
  alarm: { pin?: string; highC?: number; lowC?: number };
  /** battery voltage = analogRead(pin) * scale, where a divider makes it measurable */
  battery?: { pin: string; scale: number };
  /** seconds; reconnect backoff doubles from min to max, with jitter */
  backoff: { minS: number; maxS: number };
}

declare const MG_CONFIG: FirmwareConfig;

export function config(): FirmwareConfig {
  return MG_CONFIG;
}
