// Boards the firmware is built for: what each has (firmware/README.md "Memory" and Espruino's board files,
// boards/<NAME>.py at github.com/espruino/Espruino), the upload size allowed, and buffer defaults
// sized so each holds at least 7 days of 5-minute readings (2,016). The simulation gives a device
// exactly this: its variables, its Storage, its pin names.
import type { FirmwareConfig } from "./src/config.js";

export interface Board {
  /** firmware entry: Wi-Fi + MQTT, or BLE adverts for a relay */
  entry: "wifi" | "ble";
  /** Espruino variables (16-byte blocks on ESP8266, see firmware/README.md "Memory") */
  vars: number;
  /** Storage (saved-code flash) in bytes: the board file's saved_code pages x page size */
  storageBytes: number;
  /** pin names the board file defines as globals; anything else is undefined on the board */
  pins: string[];
  builtinModules: string[];
  /** largest upload file accepted, bytes */
  sizeBudget: number;
  /** the local alarm's pin when the device file names none; none where the board has no LED */
  alarmPin?: string;
  defaults: Pick<FirmwareConfig, "ramReadings" | "flashSegments" | "batchSize" | "probe">;
}

/** D<from> .. D<to> (or another prefix): how board files name their GPIOs. */
function pinRange(prefix: string, from: number, to: number): string[] {
  const names: string[] = [];
  for (let i = from; i <= to; i++) names.push(`${prefix}${i}`);
  return names;
}

export const BOARDS: Record<string, Board> = {
  ESP32: {
    entry: "wifi",
    vars: 16383,
    // ESP32.py saved_code: 64 pages of 4,096 bytes
    storageBytes: 64 * 4096,
    // LED1 is D2 on the DevKit board file
    pins: [...pinRange("D", 0, 39), "LED1", "BTN1"],
    alarmPin: "LED1",
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
    // ESP8266_4MB.py saved_code: 48 pages of 4,096 bytes
    storageBytes: 48 * 4096,
    // no LED1: the board file defines D0..D16 and A0 only
    pins: [...pinRange("D", 0, 16), "A0"],
    // GPIO5, free on ESP-12 modules (marked D1 on NodeMCU and Wemos D1 mini boards): wire an LED or buzzer
    alarmPin: "D5",
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
    defaults: { ramReadings: 32, flashSegments: 64, batchSize: 10, probe: { kind: "ds18b20", pin: "D2" } },
  },
  PUCKJS: {
    entry: "ble",
    vars: 2630,
    // PUCKJS.py saved_code: 10 pages of 4,096 bytes
    storageBytes: 10 * 4096,
    pins: [...pinRange("D", 0, 31), "LED1", "LED2", "LED3", "BTN1"],
    alarmPin: "LED1",
    builtinModules: ["timer", "Flash", "Storage", "heatshrink", "crypto", "neopixel"],
    sizeBudget: 12000,
    defaults: { ramReadings: 64, flashSegments: 32, batchSize: 20, probe: { kind: "onchip" } },
  },
  PIXLJS: {
    entry: "ble",
    vars: 2950,
    // PIXLJS.py saved_code: 10 pages of 4,096 bytes
    storageBytes: 10 * 4096,
    pins: [...pinRange("D", 0, 13), ...pinRange("A", 0, 5), "LED1", "BTN1", "BTN2", "BTN3", "BTN4"],
    alarmPin: "LED1",
    builtinModules: ["timer", "Flash", "Storage", "heatshrink", "crypto"],
    sizeBudget: 12000,
    defaults: { ramReadings: 64, flashSegments: 32, batchSize: 20, probe: { kind: "onchip" } },
  },
};

/** Readings the buffer holds before the oldest unacked ones are dropped: flash segments plus RAM. */
export function bufferCapacity(cfg: Pick<FirmwareConfig, "ramReadings" | "flashSegments">): number {
  return (cfg.flashSegments + 1) * cfg.ramReadings;
}
