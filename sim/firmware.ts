// A board's built upload file with what the simulation needs to run it: the board's variables,
// Storage and pins, and the configuration the build put in front of the code. The demo loads the one
// `npm run build` wrote (scripts/build-gateway.ts), so the gateway never builds firmware itself;
// tests, benchmarks and `npm run devices` build theirs with scripts/build-firmware.ts.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Board } from "../firmware/boards.js";
import type { FirmwareConfig } from "../firmware/src/config.js";

export interface Firmware {
  /** the upload file, its first line the configuration it was built with */
  code: string;
  board: Board;
  config: FirmwareConfig;
}

/** The demo's sensors run this board's build ... */
export const DEMO_BOARD = "ESP32";
/** ... which `npm run build` puts here, from the folder the gateway starts in (as the dashboard). */
export const DEMO_FIRMWARE = join("dist", "demo-firmware", `${DEMO_BOARD}.json`);

const PRELUDE_START = "var MG_CONFIG=";

/** The upload file's first line carries the configuration; the simulation swaps it per device. */
export function withConfig(code: string, cfg: FirmwareConfig): string {
  const body = code.startsWith(PRELUDE_START) ? code.substring(code.indexOf("\n") + 1) : code;
  return `${PRELUDE_START}${JSON.stringify(cfg)};\n${body}`;
}

/** Written whole or not at all: a gateway starting during a build never reads half a file. */
export function saveFirmware(file: string, firmware: Firmware): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, JSON.stringify(firmware));
  renameSync(`${file}.tmp`, file);
}

export function loadFirmware(file: string): Firmware {
  if (!existsSync(file))
    throw new Error(`${file} is missing: run npm run build (the demo runs the firmware it prebuilds)`);
  return JSON.parse(readFileSync(file, "utf8")) as Firmware;
}
