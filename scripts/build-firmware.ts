// npm run build:firmware [-- --config firmware/devices/x.json] [--board ESP32,ESP8266]
// tsc (firmware/tsconfig.json) -> esbuild (iife, ES2015, Espruino subset, minified) -> the Espruino
// check -> EspruinoTools offline -> dist/firmware/<board>.js, within each board's size budget.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "acorn";
import { build, type Plugin } from "esbuild";
import { BOARDS, type Board, bufferCapacity } from "../firmware/boards.js";
import type { FirmwareConfig } from "../firmware/src/config.js";
import { isValidDeviceId } from "../shared/protocol/topics.js";
import { type Firmware, withConfig } from "../sim/firmware.js";
import { checkEspruinoSafe, ESPRUINO_ESBUILD_SUPPORTED } from "./espruino-check.js";

export const ROOT = join(import.meta.dirname, "..");
export const EXAMPLE_CONFIG = join(ROOT, "firmware/devices/example.json");

export interface BuiltFirmware {
  board: string;
  file: string;
  bytes: number;
  budget: number;
  capacity: number;
  config: FirmwareConfig;
}

/** The device file's settings on top of the board's defaults; the board's own fields only where they apply. */
export function deviceConfig(file: Partial<FirmwareConfig>, board: string): FirmwareConfig {
  const b = BOARDS[board];
  if (!b) throw new Error(`unknown board ${board}; known: ${Object.keys(BOARDS).join(", ")}`);
  const cfg = { ...b.defaults, ...file, board } as FirmwareConfig;
  cfg.alarm = { ...cfg.alarm, pin: cfg.alarm?.pin ?? b.alarmPin };
  if (b.entry === "ble") {
    delete cfg.wifi;
    delete cfg.mqtt;
    delete cfg.hmacKey;
    cfg.probe = b.defaults.probe;
  } else if (!cfg.mqtt)
    throw new Error("config: mqtt {host, port, username, password, prefix, keepAliveS} missing");
  else if (cfg.probe.kind !== "ds18b20")
    throw new Error(
      `config: probe.kind must be "ds18b20" on ${board} (the chip's own sensor is for Puck.js and Pixl.js)`,
    );
  if (!isValidDeviceId(cfg.deviceId))
    throw new Error(`config: deviceId "${cfg.deviceId}" must be [a-z0-9-]{1,32}`);
  for (const key of ["intervalS", "flushIntervalS", "batchSize", "ramReadings", "flashSegments"] as const) {
    if (!(Number.isInteger(cfg[key]) && cfg[key] > 0))
      throw new Error(`config: ${key} must be a positive integer`);
  }
  const wrongPins = pinsIn(cfg).filter((p) => !b.pins.includes(p.name));
  if (wrongPins.length)
    throw new Error(
      wrongPins
        .map((p) => `config: ${p.key} "${p.name}" is not a pin on ${board} (it has ${b.pins.join(", ")})`)
        .join("; "),
    );
  return cfg;
}

/** Pins a device file names; an empty alarm pin means no alarm pin. */
function pinsIn(cfg: FirmwareConfig): { key: string; name: string }[] {
  const pins = [];
  if (cfg.probe.kind === "ds18b20") pins.push({ key: "probe.pin", name: cfg.probe.pin });
  if (cfg.alarm.pin) pins.push({ key: "alarm.pin", name: cfg.alarm.pin });
  if (cfg.battery) pins.push({ key: "battery.pin", name: cfg.battery.pin });
  return pins;
}

export function typeCheck(): void {
  const tsc = join(ROOT, "node_modules/typescript/bin/tsc");
  const run = spawnSync(process.execPath, [tsc, "-p", join(ROOT, "firmware/tsconfig.json")], {
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(`tsc failed:\n${run.stdout}${run.stderr}`);
}

/** On boards with the built-in crypto module, the firmware hashes with it (see sha256-native.ts). */
const nativeSha256: Plugin = {
  name: "native-sha256",
  setup(b) {
    b.onResolve({ filter: /\/sha256\.js$/ }, (args) =>
      args.importer.endsWith("sha256-native.ts")
        ? undefined
        : { path: join(ROOT, "firmware/src/sha256-native.ts") },
    );
  },
};

/**
 * Names the board itself defines as globals: its pins and Espruino's `E`. The upload file's
 * top-level names are globals on the board (see bundle), and one of them named `D2` would hide pin D2.
 */
export function boardGlobals(board: Board): string[] {
  return ["E", ...board.pins];
}

/**
 * Keeps esbuild's minified names off the board's globals: esbuild never gives a name that the code
 * uses as a free variable, so this module uses them all. Nothing calls it, so it is left out of the output.
 */
function reserveBoardGlobals(board: Board): Plugin {
  return {
    name: "reserve-board-globals",
    setup(b) {
      b.onResolve({ filter: /^board-globals$/ }, () => ({ path: "board-globals", namespace: "board" }));
      b.onLoad({ filter: /.*/, namespace: "board" }, () => ({
        contents: `export function boardGlobals(){return [${boardGlobals(board).join(",")}];}`,
        loader: "js",
      }));
    },
  };
}

async function bundle(board: Board): Promise<string> {
  const entry = board.entry === "ble" ? "main-ble.ts" : "main-wifi.ts";
  const plugins = [reserveBoardGlobals(board)];
  if (board.builtinModules.includes("crypto")) plugins.push(nativeSha256);
  const out = await build({
    entryPoints: [join(ROOT, "firmware/src", entry)],
    bundle: true,
    // CommonJS output leaves require() of the board's built-in modules as it is (iife wraps it in a
    // Proxy shim Espruino lacks). No function wraps the code: in a function's scope every function
    // keeps a link to that scope, one variable each (measured on Espruino 2v29: 133 variables of the
    // ESP8266 file, see firmware/README.md, "Memory"), so the top-level names are the board's globals.
    format: "cjs",
    target: "es2015",
    platform: "node",
    supported: ESPRUINO_ESBUILD_SUPPORTED,
    tsconfig: join(ROOT, "firmware/tsconfig.json"),
    minify: true,
    // Private members are named _x (the Espruino module template's convention) and shortened here:
    // Espruino keeps property names in RAM.
    mangleProps: /^_/,
    charset: "ascii",
    external: ["net", "Storage", "Wifi", "crypto"],
    inject: ["board-globals"],
    plugins,
    write: false,
    logLevel: "silent",
  });
  return out.outputFiles[0]?.text ?? "";
}

/** Top-level names of the upload file that would replace one of the board's own globals. */
function hiddenGlobals(code: string, globals: string[]): string[] {
  const names: string[] = [];
  for (const node of parse(code, { ecmaVersion: 2020 }).body) {
    if (node.type === "FunctionDeclaration" || node.type === "ClassDeclaration")
      names.push(node.id?.name ?? "");
    if (node.type === "VariableDeclaration")
      for (const d of node.declarations) if (d.id.type === "Identifier") names.push(d.id.name);
  }
  return names.filter((n) => globals.includes(n));
}

/** EspruinoTools offline: no module look-ups online, fail on any "not found", latin1 output. */
function espruinoTools(board: string, input: string, output: string): void {
  const boardJson = `${output}.board.json`;
  writeFileSync(boardJson, JSON.stringify({ info: { builtin_modules: BOARDS[board]?.builtinModules } }));
  const cli = join(ROOT, "node_modules/espruino/bin/espruino-cli.js");
  const preload = join(ROOT, "firmware/tools/espruino-fs-preload.cjs");
  const args = ["-r", preload, cli, "-n", "--board", boardJson, "--config", "MODULE_URL="];
  args.push(
    "--config",
    "MINIFICATION_Mangle=false",
    "--config",
    "MODULE_MINIFICATION_LEVEL=",
    "-o",
    output,
    input,
  );
  const run = spawnSync(process.execPath, args, { encoding: "utf8" });
  const said = `${run.stdout}${run.stderr}`;
  if (run.status !== 0 || /not found/i.test(said))
    throw new Error(`EspruinoTools failed for ${board}:\n${said}`);
}

/**
 * Why an upload file must not go to a board: constructs Espruino lacks, a top-level name that would
 * hide one of the board's globals, or over the size budget.
 */
export function uploadProblems(code: string, budget: number, globals: string[] = []): string[] {
  const problems = checkEspruinoSafe(code).map((v) => `line ${v.line}: ${v.what}`);
  for (const name of hiddenGlobals(code, globals))
    problems.push(`top-level name ${name} hides the board's global ${name}`);
  const bytes = Buffer.byteLength(code, "latin1");
  if (bytes > budget) problems.push(`upload file ${bytes} bytes is over the ${budget}-byte budget`);
  return problems;
}

export async function buildBoard(cfg: FirmwareConfig, outDir: string): Promise<BuiltFirmware> {
  const board = cfg.board;
  const b = BOARDS[board] as Board;
  const staged = join(outDir, `${board}.esbuild.js`);
  const file = join(outDir, `${board}.js`);
  writeFileSync(staged, withConfig(await bundle(b), cfg), "latin1");
  espruinoTools(board, staged, file);
  const code = readFileSync(file, "latin1");
  const budget = b.sizeBudget;
  const problems = uploadProblems(code, budget, boardGlobals(b));
  if (problems.length) throw new Error(`${board}: ${problems.slice(0, 10).join("; ")}`);
  return {
    board,
    file,
    bytes: Buffer.byteLength(code, "latin1"),
    budget,
    capacity: bufferCapacity(cfg),
    config: cfg,
  };
}

/** `typeCheck: false` for tests: `npm test` type-checks the firmware once on its own. */
export async function buildFirmware(options: {
  configPath?: string;
  boards?: string[];
  outDir?: string;
  typeCheck?: boolean;
}) {
  const file = JSON.parse(
    readFileSync(options.configPath ?? EXAMPLE_CONFIG, "utf8"),
  ) as Partial<FirmwareConfig>;
  const outDir = options.outDir ?? join(ROOT, "dist/firmware");
  mkdirSync(outDir, { recursive: true });
  if (options.typeCheck !== false) typeCheck();
  const built: BuiltFirmware[] = [];
  for (const board of options.boards ?? Object.keys(BOARDS))
    built.push(await buildBoard(deviceConfig(file, board), outDir));
  return built;
}

/** The board's upload file built with the example configuration, as the simulation runs it. */
export async function exampleFirmware(board: string): Promise<Firmware> {
  const example = JSON.parse(readFileSync(EXAMPLE_CONFIG, "utf8")) as FirmwareConfig;
  const dir = mkdtempSync(join(tmpdir(), "mg-firmware-"));
  try {
    const built = await buildBoard(deviceConfig(example, board), dir);
    return { code: readFileSync(built.file, "latin1"), board: BOARDS[board] as Board, config: built.config };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
