// Boards the firmware is built for: what each has (shared/espruino.md), the upload size allowed, and
// buffer defaults sized so each holds at least 7 days of 5-minute readings (2,016).
import type { FirmwareConfig } from "./src/config.js";

export interface Board {
  /** firmware entry: Wi-Fi + MQTT, or BLE adverts for a relay */
  entry: "wifi" | "ble";
  /** Espruino variables (16-byte blocks on ESP8266, see shared/espruino.md) */
  vars: number;
  builtinModules: string[];
  /** largest upload file accepted, bytes */
  sizeBudget: number;
  defaults: Pick<FirmwareConfig, "ramReadings" | "flashSegments" | "batchSize" | "probe">;
}

export const BOARDS: Record<string, Board> = {
  ESP32: {
    entry: "wifi",
    vars: 16383,
    builtinModules: [
      "timer",
      "Flash",
      "Storage",
      "heatshrink",
      "fs",
      "net",
      "dgram",
      "tls",
      "http",
      "Wifi",
      "crypto",
    ],
    sizeBudget: 40000,
    defaults: { ramReadings: 128, flashSegments: 32, batchSize: 100, probe: { kind: "ds18b20", pin: "D4" } },
  },
  ESP8266: {
    entry: "wifi",
    vars: 1600,
    builtinModules: [
      "timer",
      "Flash",
      "Storage",
      "heatshrink",
      "net",
      "dgram",
      "http",
      "Wifi",
      "ESP8266",
      "crypto",
    ],
    sizeBudget: 16000,
    defaults: { ramReadings: 32, flashSegments: 64, batchSize: 20, probe: { kind: "ds18b20", pin: "D2" } },
  },
  PUCKJS: {
    entry: "ble",
    vars: 2630,
    builtinModules: ["timer", "Flash", "Storage", "heatshrink", "crypto", "neopixel"],
    sizeBudget: 12000,
    defaults: { ramReadings: 64, flashSegments: 32, batchSize: 20, probe: { kind: "onchip" } },
  },
  PIXLJS: {
    entry: "ble",
    vars: 2950,
    builtinModules: ["timer", "Flash", "Storage", "heatshrink", "crypto"],
    sizeBudget: 12000,
    defaults: { ramReadings: 64, flashSegments: 32, batchSize: 20, probe: { kind: "onchip" } },
  },
};

/** Readings the buffer holds before the oldest unacked ones are dropped: flash segments plus RAM. */
export function bufferCapacity(cfg: Pick<FirmwareConfig, "ramReadings" | "flashSegments">): number {
  return (cfg.flashSegments + 1) * cfg.ramReadings;
}
