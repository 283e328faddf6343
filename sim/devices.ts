// N simulated devices running the built firmware upload file against a gateway's broker, in real
// time (or faster): what `npm start`'s demo, `npm run bench` and `npm run devices` use.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BOARDS, type Board } from "../firmware/boards.js";
import type { FirmwareConfig } from "../firmware/src/config.js";
import { buildBoard, deviceConfig, EXAMPLE_CONFIG, withConfig } from "../scripts/build-firmware.js";
import type { Trace } from "./espruino-globals.js";
import { SimDevice } from "./espruino-sim.js";
import { SCENARIOS, sixteenths } from "./probe-trace.js";
import { VirtualClock } from "./virtual-clock.js";

export interface DeviceCredentials {
  deviceId: string;
  username: string;
  password: string;
  hmacKey?: string;
}

export interface SimulatedDevicesOptions {
  count: number;
  /** a key of SCENARIOS: freezer, door-open, unplugged */
  scenario?: string;
  /** instead of a scenario: the probe's air at a wall-clock time, C (every device the same) */
  airC?: (timeMs: number) => number;
  /** mqtt://host:port of the gateway's broker */
  brokerUrl: string;
  credentials: (index: number) => DeviceCredentials;
  board?: string;
  prefix?: string;
  intervalS?: number;
  /** simulated seconds per real second (1 = real time) */
  speed?: number;
  log?: (line: string) => void;
}

export interface SimulatedDevices {
  devices: SimDevice[];
  clock: VirtualClock;
  stop(): Promise<void>;
}

const TICK_MS = 100;
const builds = new Map<string, Promise<string>>();

/** The board's upload file, built once per process. */
function firmwareCode(board: string, dir: string): Promise<string> {
  let code = builds.get(board);
  if (!code) {
    const example = JSON.parse(readFileSync(EXAMPLE_CONFIG, "utf8")) as FirmwareConfig;
    code = buildBoard(deviceConfig(example, board), dir).then((b) => readFileSync(b.file, "latin1"));
    builds.set(board, code);
  }
  return code;
}

function traceOf(o: SimulatedDevicesOptions): (index: number) => Trace {
  const { airC } = o;
  if (airC) {
    // the virtual clock starts at 0 now and is paced by real time
    const startedAtMs = Date.now();
    return () => (s) => sixteenths(airC(startedAtMs + s * 1000));
  }
  const scenario = SCENARIOS[o.scenario ?? "freezer"];
  if (!scenario)
    throw new Error(`unknown scenario ${o.scenario}; known: ${Object.keys(SCENARIOS).join(", ")}`);
  return scenario;
}

export async function startSimulatedDevices(o: SimulatedDevicesOptions): Promise<SimulatedDevices> {
  const trace = traceOf(o);
  const url = new URL(o.brokerUrl);
  const board = o.board ?? "ESP32";
  const dir = mkdtempSync(join(tmpdir(), "mg-devices-"));
  mkdirSync(join(dir, "build"));
  const code = await firmwareCode(board, join(dir, "build"));
  const example = JSON.parse(readFileSync(EXAMPLE_CONFIG, "utf8")) as FirmwareConfig;
  // Paced by real time: messages travel between ticks, so timers need not wait for quiet sockets.
  const clock = new VirtualClock(0);
  const intervalS = o.intervalS ?? example.intervalS;
  const devices: SimDevice[] = [];
  for (let i = 0; i < o.count; i++) {
    const c = o.credentials(i);
    const mqtt = {
      host: url.hostname,
      port: Number(url.port || 1883),
      username: c.username,
      password: c.password,
    };
    const cfg = deviceConfig(
      {
        ...example,
        deviceId: c.deviceId,
        hmacKey: c.hmacKey,
        intervalS,
        mqtt: { ...example.mqtt, ...mqtt, prefix: o.prefix ?? "milkguard", keepAliveS: 60 },
      },
      board,
    );
    const d = new SimDevice({
      code: withConfig(code, cfg),
      clock,
      storagePath: join(dir, `${c.deviceId}.json`),
      trace: trace(i),
      board: BOARDS[board] as Board,
      log: o.log,
    });
    devices.push(d);
    // Spread boots over one interval so the devices do not all sample in the same millisecond.
    clock.add(d, () => d.boot(), Math.floor((i * intervalS * 1000) / o.count), false);
  }
  let running = false;
  const ticker = setInterval(() => {
    if (running) return;
    running = true;
    void clock.advance(TICK_MS * (o.speed ?? 1)).finally(() => {
      running = false;
    });
  }, TICK_MS);
  return {
    devices,
    clock,
    async stop() {
      clearInterval(ticker);
      for (const d of devices) d.powerOff();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
