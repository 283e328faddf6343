// npm run flash -- --board ESP32 --port /dev/ttyUSB0 [--config firmware/devices/freezer-1.json]
// Builds the board's upload file from the device's config, then sends it with EspruinoTools and
// saves it to flash (SAVE_ON_SEND) so it runs at every boot. --port tcp://HOST:PORT for a board
// reachable over its telnet console.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { buildFirmware, ROOT } from "./build-firmware.js";

function flag(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : undefined;
}

const board = flag("board");
const port = flag("port");
if (!board || !port) {
  console.error(
    "usage: npm run flash -- --board ESP32|ESP8266|PUCKJS|PIXLJS --port /dev/ttyUSB0 [--config file.json]",
  );
  process.exit(2);
}
const [built] = await buildFirmware({ configPath: flag("config"), boards: [board] });
if (!built) process.exit(1);
console.log(`${board}: ${built.bytes} bytes, buffer ${built.capacity} readings; uploading to ${port}`);
const cli = join(ROOT, "node_modules/espruino/bin/espruino-cli.js");
const preload = join(ROOT, "firmware/tools/espruino-fs-preload.cjs");
const args = [
  "-r",
  preload,
  cli,
  "-p",
  port,
  "--board",
  `${built.file}.board.json`,
  "--config",
  "MODULE_URL=",
];
args.push("--config", "SAVE_ON_SEND=1", "--config", "MINIFICATION_Mangle=false", built.file);
const run = spawnSync(process.execPath, args, { stdio: "inherit" });
process.exit(run.status ?? 1);
