// Shared by the firmware simulation tests: builds the upload files once per test file, starts a
// gateway on a free port and simulated devices on one virtual clock, and tears them down after each test.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, expect } from "vitest";
import { BOARDS, type Board } from "../../firmware/boards.js";
import type { FirmwareConfig } from "../../firmware/src/config.js";
import {
  type BuiltFirmware,
  buildFirmware,
  deviceConfig,
  EXAMPLE_CONFIG,
} from "../../scripts/build-firmware.js";
import type { Trace } from "../../sim/espruino-globals.js";
import { SimDevice } from "../../sim/espruino-sim.js";
import { withConfig } from "../../sim/firmware.js";
import { sixteenths } from "../../sim/probe-trace.js";
import { VirtualClock } from "../../sim/virtual-clock.js";
import { FirmwareGateway } from "./sim-gateway.js";

export const BASE_UNIX_S = 1_790_000_000;
export const MIN = 60_000;
export const HOUR = 60 * MIN;

/** Changes once a minute, so a sample's value depends only on its minute. */
export const minuteTrace: Trace = (s) => sixteenths(-19 + ((Math.floor(s / 60) * 7) % 11) * 0.25);

export const sim = {
  dir: "",
  built: {} as Record<string, BuiltFirmware>,
  clock: new VirtualClock(),
  gateway: undefined as unknown as FirmwareGateway,
  devices: [] as SimDevice[],
};

/** Builds the boards' upload files before the file's tests; powers devices off and stops the gateway after each. */
export function useFirmwareSim(boards: string[]): void {
  beforeAll(async () => {
    sim.dir = mkdtempSync(join(tmpdir(), "mg-fw-"));
    const list = await buildFirmware({ boards, outDir: sim.dir, typeCheck: false });
    sim.built = Object.fromEntries(list.map((b) => [b.board, b]));
    return () => rmSync(sim.dir, { recursive: true, force: true });
  });
  afterEach(async () => {
    for (const d of sim.devices) d.powerOff();
    await sim.gateway?.stop();
    // The memory model found a moment a real board would have run out of variables.
    for (const d of sim.devices) expect(d.logLines.filter((l) => l.startsWith("OUT OF MEMORY"))).toEqual([]);
  });
}

export interface SetupOptions {
  sendConfig?: boolean;
  passwords?: Record<string, string>;
  alarmHighC?: number;
  hmacKeys?: Record<string, string>;
  /** the sampling interval the gateway's config sets, seconds (default 60) */
  intervalS?: number;
}

export async function setup(o: SetupOptions = {}): Promise<void> {
  const clock = new VirtualClock();
  sim.clock = clock;
  sim.devices = [];
  sim.gateway = new FirmwareGateway({
    dataDir: mkdtempSync(join(sim.dir, "gateway-")),
    nowMs: () => BASE_UNIX_S * 1000 + clock.nowMs,
    passwords: o.passwords ?? { "freezer-1": "secret-1" },
    sendConfig: o.sendConfig ?? true,
    alarmHighC: o.alarmHighC,
    hmacKeys: o.hmacKeys,
    intervalS: o.intervalS,
  });
  await sim.gateway.start();
  clock.waitAlsoFor = () => sim.gateway.idle();
}

export interface DeviceOptions {
  trace?: Trace;
  password?: string;
  /** the broker's port (default: the gateway's) */
  port?: number;
  /** size of the simulated flash, bytes (default: the board's) */
  storageBytes?: number;
  board?: string;
  overrides?: Partial<FirmwareConfig>;
}

/** A simulated freezer-1 running the built file of its board, configured for the gateway. */
export function device(o: DeviceOptions = {}): SimDevice {
  const board = o.board ?? "ESP32";
  const example = JSON.parse(readFileSync(EXAMPLE_CONFIG, "utf8")) as FirmwareConfig;
  const mqtt = {
    host: "127.0.0.1",
    port: o.port ?? sim.gateway.port,
    username: "freezer-1",
    password: o.password ?? "secret-1",
  };
  const cfg = deviceConfig(
    {
      ...example,
      mqtt: { ...example.mqtt, ...mqtt, prefix: "milkguard", keepAliveS: 60 },
      flushIntervalS: 600,
      backoff: { minS: 2, maxS: 120 },
      ...o.overrides,
    },
    board,
  );
  const d = new SimDevice({
    code: withConfig(readFileSync((sim.built[board] as BuiltFirmware).file, "latin1"), cfg),
    clock: sim.clock,
    storagePath: join(sim.dir, `${board}-${sim.devices.length}-${Date.now()}.json`),
    trace: o.trace ?? minuteTrace,
    board: { ...(BOARDS[board] as Board), ...(o.storageBytes ? { storageBytes: o.storageBytes } : {}) },
  });
  sim.devices.push(d);
  return d;
}

/** Virtual seconds since the simulation started, of a reading placed in Unix time. */
export function virtualS(unixS: number | null): number {
  return (unixS ?? Number.NaN) - BASE_UNIX_S;
}

export function expectContiguous(seqs: number[]): void {
  expect(seqs).toEqual(seqs.map((_, i) => (seqs[0] as number) + i));
}

/** Samples whose conversion has finished: one a minute from the first minute, the boot one dropped. */
export function samplesSince(fromMs: number): number {
  return Math.floor((sim.clock.nowMs - 750 - fromMs) / MIN);
}

/**
 * Sequence k was sampled at minute k + 1 since boot; the config message gives whole seconds, so a
 * synced clock places it within a second.
 */
export function expectTraceOrder(stored: { s: number; c: number | null; unixS: number | null }[]): void {
  for (const r of stored) {
    const minute = r.s + 1;
    expect(Math.abs(virtualS(r.unixS) - 60 * minute)).toBeLessThanOrEqual(1);
    expect(r.c).toBe(minuteTrace(60 * minute));
  }
}

/** Sequence numbers a device still holds, oldest first (what the gateway has not acknowledged). */
export function buffered(d: SimDevice): number[] {
  const seqs: number[] = [];
  d.state<{
    buffer: { each(max: number, visit: (text: string, seq: number) => void): number };
  }>().buffer.each(1e9, (_text, seq) => seqs.push(seq));
  return seqs;
}
