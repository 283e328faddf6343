// npm run flash -- --device FILE [--port /dev/ttyUSB0]: a sensor ready to hand over. Builds its
// board's upload file from the config file the dashboard gave for it (plus the Wi-Fi, asked for or
// given as flags, and never written anywhere but a temporary file removed after the build), then
// sends it with EspruinoTools and saves it to flash (SAVE_ON_SEND) so it runs at every boot.
// --port tcp://HOST:PORT for a board reachable over its telnet console. Bluetooth stays off unless
// --ble: EspruinoTools' Bluetooth modules need D-Bus, which a server may not have.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BOARDS } from "../firmware/boards.js";
import type { FirmwareConfig } from "../firmware/src/config.js";
import { buildFirmware, EXAMPLE_CONFIG, ROOT } from "./build-firmware.js";
import { commandLine, fail, prompt } from "./cli.js";

const USAGE = `usage: npm run flash -- --device FILE [--port /dev/ttyUSB0] [--wifi-ssid NAME --wifi-password TEXT]
       npm run flash -- --config FILE --board NAME [--port ...]

Builds the sensor's firmware and uploads it to the board on --port, saved to run at every boot.
  --device FILE         the sensor's config file from the dashboard (Devices, "Download config file")
  --config FILE         a complete hand-written config (firmware/devices/*.json) instead
  --board NAME          ${Object.keys(BOARDS).join(", ")} (default: the one in the file)
  --port PORT           the board's serial port (default /dev/ttyUSB0), or tcp://HOST:PORT
  --wifi-ssid NAME      the Wi-Fi built into the file: the milk bank's own, to check the sensor before
                        handing it over (asked for when left out); a donor sets her home Wi-Fi
                        later over USB (npm run wifi, or the dashboard's #/sensor-wifi page)
  --wifi-password TEXT  its password (asked for, not shown, when left out)
  --ble                 let EspruinoTools look for Bluetooth boards too (needs D-Bus)`;

const { values } = commandLine("flash", USAGE, {
  device: { type: "string" },
  config: { type: "string" },
  board: { type: "string" },
  port: { type: "string" },
  "wifi-ssid": { type: "string" },
  "wifi-password": { type: "string" },
  ble: { type: "boolean" },
});

const source = values.device ?? values.config;
if (!source)
  fail("flash: say which sensor: --device FILE (its config file from the dashboard); see --help", 2);
const port = values.port ?? "/dev/ttyUSB0";
// before anything is built or asked: the commonest mistake is a board not plugged in
if (!port.startsWith("tcp://") && !existsSync(port))
  fail(`no board found on ${port}; plug it in or pass --port`);

function readConfig(file: string): Partial<FirmwareConfig> {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Partial<FirmwareConfig>;
  } catch (err) {
    return fail(`flash: cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** the dashboard's file names the sensor and its broker; the firmware's defaults give the rest */
const file = readConfig(source);
const board = values.board ?? file.board ?? fail("flash: the file names no board: pass --board", 2);
if (!BOARDS[board]) fail(`flash: unknown board ${board}; known: ${Object.keys(BOARDS).join(", ")}`, 2);
const { wifi: _placeholder, ...defaults } = values.device ? readConfig(EXAMPLE_CONFIG) : {};
const config: Partial<FirmwareConfig> = { ...defaults, ...file, board };

async function wifi(): Promise<{ ssid: string; password: string }> {
  const given = { ssid: values["wifi-ssid"], password: values["wifi-password"] };
  if (given.ssid !== undefined && given.password !== undefined)
    return { ssid: given.ssid, password: given.password };
  if (!process.stdin.isTTY)
    return fail("flash: pass --wifi-ssid and --wifi-password (no terminal to ask on)", 2);
  const ssid = given.ssid ?? (await prompt("Wi-Fi name (where the sensor will stand): "));
  const password = given.password ?? (await prompt(`Password of ${ssid}: `, { hidden: true }));
  return { ssid, password };
}
if (BOARDS[board]?.entry === "wifi" && values.device) config.wifi = await wifi();

// the Wi-Fi password is in this file only for the build: private to this user, removed right after
const dir = mkdtempSync(join(tmpdir(), "mg-flash-"));
const built = await (async () => {
  try {
    writeFileSync(join(dir, "device.json"), JSON.stringify(config), { mode: 0o600 });
    const [one] = await buildFirmware({ configPath: join(dir, "device.json"), boards: [board] });
    return one ?? fail(`flash: nothing was built for ${board}`);
  } catch (err) {
    return fail(`flash: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    rmSync(join(dir, "device.json"), { force: true });
  }
})();
console.log(`${board}: ${built.bytes} bytes, buffer ${built.capacity} readings; uploading to ${port}`);

const preloads = [join(ROOT, "firmware/tools/espruino-fs-preload.cjs")];
if (!values.ble) preloads.push(join(ROOT, "scripts/espruino-no-bluetooth.cjs"));
const args = [
  ...preloads.flatMap((p) => ["-r", p]),
  join(ROOT, "node_modules/espruino/bin/espruino-cli.js"),
  ...["-p", port, "--board", `${built.file}.board.json`, "--config", "MODULE_URL="],
  ...["--config", "SAVE_ON_SEND=1", "--config", "MINIFICATION_Mangle=false", built.file],
];
// EspruinoTools exits 0 even when it could not connect: its "Upload Complete" is the only sign
const upload = spawn(process.execPath, args, { stdio: ["inherit", "pipe", "inherit"] });
let said = "";
upload.stdout.on("data", (chunk: Buffer) => {
  said += chunk.toString();
  process.stdout.write(chunk);
});
upload.on("close", (code) => {
  rmSync(dir, { recursive: true, force: true });
  if (code !== 0) fail(`flash: EspruinoTools stopped with exit code ${code} (see above)`);
  if (!said.includes("Upload Complete")) fail(`no board answered on ${port}; plug it in or pass --port`);
  console.log(`${board} on ${port}: uploaded and saved; it starts the sensor at every boot`);
});
