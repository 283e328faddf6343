// N simulated devices running the built firmware upload file against a gateway's broker, in real
// time (or faster): what `npm start`'s demo, `npm run bench` and `npm run devices` use.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FirmwareConfig } from "../firmware/src/config.js";
import type { Trace } from "./espruino-globals.js";
import { SimDevice } from "./espruino-sim.js";
import { type Firmware, withConfig } from "./firmware.js";
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
  /** a Wi-Fi board's built upload file, run by every device with its own configuration */
  firmware: Firmware;
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
  const { code, board, config: built } = o.firmware;
  if (board.entry !== "wifi")
    throw new Error(`simulated devices connect over Wi-Fi: ${built.board} firmware sends BLE adverts`);
  const dir = mkdtempSync(join(tmpdir(), "mg-devices-"));
  // Paced by real time: messages travel between ticks, so timers need not wait for quiet sockets.
  const clock = new VirtualClock(0);
  const intervalS = o.intervalS ?? built.intervalS;
  const devices: SimDevice[] = [];
  for (let i = 0; i < o.count; i++) {
    const c = o.credentials(i);
    const mqtt = {
      host: url.hostname,
      port: Number(url.port || 1883),
      username: c.username,
      password: c.password,
    };
    const cfg: FirmwareConfig = {
      ...built,
      deviceId: c.deviceId,
      hmacKey: c.hmacKey,
      intervalS,
      mqtt: { ...built.mqtt, ...mqtt, prefix: o.prefix ?? "milkguard", keepAliveS: 60 },
    };
    const d = new SimDevice({
      code: withConfig(code, cfg),
      clock,
      storagePath: join(dir, `${c.deviceId}.json`),
      trace: trace(i),
      board,
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
