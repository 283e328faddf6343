// The built firmware upload file, run in the Espruino simulation against a real aedes broker over
// TCP: what the gateway stores equals what the probe saw, through outages, reboots and faults.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runInContext } from "node:vm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { BOARDS } from "../../firmware/boards.js";
import type { Trace } from "../../firmware/sim/espruino-globals.js";
import { SimDevice } from "../../firmware/sim/espruino-sim.js";
import { sixteenths } from "../../firmware/sim/probe-trace.js";
import { VirtualClock } from "../../firmware/sim/virtual-clock.js";
import type { FirmwareConfig } from "../../firmware/src/config.js";
import {
  type BuiltFirmware,
  buildFirmware,
  deviceConfig,
  EXAMPLE_CONFIG,
  withConfig,
} from "../../scripts/build-firmware.js";
import { decodeReadings } from "../../shared/protocol/codec.js";
import { TestGateway } from "./test-gateway.js";

const BASE_UNIX_S = 1_790_000_000;
const MIN = 60_000;
const HOUR = 60 * MIN;

/** Changes once a minute, so a sample's value depends only on its minute. */
const minuteTrace: Trace = (s) => sixteenths(-19 + ((Math.floor(s / 60) * 7) % 11) * 0.25);

let dir: string;
let built: Record<string, BuiltFirmware>;
let clock: VirtualClock;
let gateway: TestGateway;
let devices: SimDevice[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "mg-fw-"));
  const list = await buildFirmware({ boards: ["ESP32", "ESP8266", "PUCKJS"], outDir: dir });
  built = Object.fromEntries(list.map((b) => [b.board, b]));
  return () => rmSync(dir, { recursive: true, force: true });
});

interface SetupOptions {
  sendConfig?: boolean;
  passwords?: Record<string, string>;
  alarmHighC?: number;
  hmacKeys?: Record<string, string>;
}

async function setup(o: SetupOptions = {}) {
  clock = new VirtualClock();
  devices = [];
  gateway = new TestGateway({
    nowS: () => BASE_UNIX_S + clock.nowMs / 1000,
    passwords: o.passwords ?? { "freezer-1": "secret-1" },
    sendConfig: o.sendConfig ?? true,
    alarmHighC: o.alarmHighC,
    hmacKeys: o.hmacKeys,
  });
  await gateway.start();
}

afterEach(async () => {
  for (const d of devices) d.powerOff();
  await gateway.stop();
});

function device(
  o: { trace?: Trace; password?: string; board?: string; overrides?: Partial<FirmwareConfig> } = {},
) {
  const board = o.board ?? "ESP32";
  const example = JSON.parse(readFileSync(EXAMPLE_CONFIG, "utf8")) as FirmwareConfig;
  const cfg = deviceConfig(
    {
      ...example,
      mqtt: {
        ...example.mqtt,
        host: "127.0.0.1",
        port: gateway.port,
        username: "freezer-1",
        password: o.password ?? "secret-1",
        prefix: "milkguard",
        keepAliveS: 60,
      },
      flushIntervalS: 600,
      backoff: { minS: 2, maxS: 120 },
      ...o.overrides,
    },
    board,
  );
  const code = withConfig(readFileSync((built[board] as BuiltFirmware).file, "latin1"), cfg);
  const d = new SimDevice({
    code,
    clock,
    storagePath: join(dir, `${board}-${devices.length}-${Date.now()}.json`),
    trace: o.trace ?? minuteTrace,
    totalVars: BOARDS[board]?.vars,
  });
  devices.push(d);
  return d;
}

/** Virtual seconds since the simulation started, of a reading placed in Unix time. */
function virtualS(unixS: number | null): number {
  return (unixS ?? Number.NaN) - BASE_UNIX_S;
}

function expectContiguous(seqs: number[]) {
  expect(seqs).toEqual(seqs.map((_, i) => (seqs[0] as number) + i));
}

/** Samples whose conversion has finished: one a minute from the first minute, the boot one dropped. */
function samplesSince(fromMs: number): number {
  return Math.floor((clock.nowMs - 750 - fromMs) / MIN);
}

/**
 * Sequence k was sampled at minute k + 1 since boot; the config message gives whole seconds, so a
 * synced clock places it within a second.
 */
function expectTraceOrder(stored: { s: number; c: number | null; unixS: number | null }[]) {
  for (const r of stored) {
    const minute = r.s + 1;
    expect(Math.abs(virtualS(r.unixS) - 60 * minute)).toBeLessThanOrEqual(1);
    expect(r.c).toBe(minuteTrace(60 * minute));
  }
}

describe("firmware in the Espruino simulation", () => {
  it("stores readings equal to the probe trace, one a minute, the first after boot dropped", async () => {
    await setup();
    const d = device();
    d.boot();
    await clock.advance(30 * MIN + 5000);
    const stored = gateway.readings("freezer-1");
    expect(stored.length).toBe(30);
    expectContiguous(stored.map((r) => r.s));
    expect(stored.map((r) => virtualS(r.unixS))).toEqual(stored.map((_, i) => 60 * (i + 1)));
    for (const r of stored) expect(r.c).toBe(minuteTrace(virtualS(r.unixS)));
    expect(gateway.rejected).toEqual([]);
    expect(d.world.storage.writes).toBeLessThan(10);
  });
});

describe("firmware through outages, reboots and faults", () => {
  it("delivers every reading once, in event time, after the gateway was down 3 hours", async () => {
    await setup();
    const d = device();
    d.boot();
    await clock.advance(10 * MIN + 5000);
    await gateway.stop();
    await clock.advance(3 * HOUR);
    // the refused connections threw at once (as on an ESP32) and the client kept trying
    expect(d.state<{ client: { lastError: string } }>().client.lastError).toBe("connect failed");
    await gateway.start();
    await clock.advance(10 * MIN);
    const stored = gateway.readings("freezer-1");
    expect(stored.length).toBe(samplesSince(0));
    expectContiguous(stored.map((r) => r.s));
    expect(stored[0]?.s).toBe(0);
    expectTraceOrder(stored);
    expect(Math.max(...gateway.batchSizes)).toBeLessThanOrEqual(100);
    expect(d.world.storage.writes).toBeGreaterThan(1);
    // a segment and the meta file per flush interval (10 min), not a write per sample
    expect(d.world.storage.writes).toBeLessThan(stored.length / 4);
  });

  it("loses nothing flushed across a power cut, and the sequence continues", async () => {
    await setup();
    const d = device();
    d.boot();
    await clock.advance(5 * MIN + 5000);
    await gateway.stop();
    await clock.advance(34 * MIN);
    const meta = d.world.storage.api().readJSON("mg.meta") as { last: number[]; boot: number };
    const lastFlushed = Math.max(...meta.last);
    d.powerOff();
    const rebootMs = clock.nowMs;
    d.boot();
    await gateway.start();
    await clock.advance(10 * MIN);
    const stored = gateway.readings("freezer-1");
    const seqs = stored.map((r) => r.s);
    expectContiguous(seqs);
    expect(seqs[0]).toBe(0);
    expect(seqs).toContain(lastFlushed);
    const afterBoot = stored.filter((r) => r.s > lastFlushed);
    expect(afterBoot.length).toBe(samplesSince(rebootMs));
    expectTraceOrder(stored.filter((r) => r.s <= lastFlushed));
    const rebootS = rebootMs / 1000;
    for (const [i, r] of afterBoot.entries()) {
      expect(Math.abs(virtualS(r.unixS) - (rebootS + 60 * (i + 1)))).toBeLessThanOrEqual(1);
      expect(r.c).toBe(minuteTrace(rebootS + 60 * (i + 1)));
    }
    expect(d.state<{ buffer: { meta: { boot: number } } }>().buffer.meta.boot).toBe(meta.boot + 1);
  });

  it("reports an unplugged probe as a probe fault, and the 85 C after re-plugging too", async () => {
    await setup();
    const trace: Trace = (s) => (s > 290 && s < 590 ? "unplugged" : minuteTrace(s));
    device({ trace }).boot();
    await clock.advance(15 * MIN);
    const stored = gateway.readings("freezer-1");
    // a missing probe answers at once, a present one after its 750 ms conversion: round to the minute
    const at = (minute: number) => stored.find((r) => Math.round(virtualS(r.unixS) / 60) === minute);
    for (const minute of [5, 6, 7, 8, 9]) expect(at(minute)).toMatchObject({ c: null, f: "no_probe" });
    expect(at(10)).toMatchObject({ c: null, f: "power_on_85" });
    expect(at(11)?.c).toBe(minuteTrace(660));
    expect(stored.filter((r) => r.f).length).toBe(6);
  });

  it("reports a noisy bus as a CRC fault, never as a temperature", async () => {
    await setup();
    const trace: Trace = (s) => (s > 290 && s < 350 ? "noise" : minuteTrace(s));
    device({ trace }).boot();
    await clock.advance(8 * MIN);
    const stored = gateway.readings("freezer-1");
    expect(stored.filter((r) => r.f)).toMatchObject([{ c: null, f: "crc" }]);
    expect(stored.filter((r) => r.c !== null).length).toBe(stored.length - 1);
  });

  it("moves its sequence past what the gateway holds after a power cut before a flush", async () => {
    await setup();
    const d = device();
    d.boot();
    await clock.advance(15 * MIN + 5000);
    const acked = gateway.ackedUpTo.get("freezer-1") as number;
    const persisted = (d.world.storage.api().readJSON("mg.meta") as { seq: number }).seq;
    expect(persisted).toBeLessThanOrEqual(acked);
    d.powerOff();
    const rebootMs = clock.nowMs;
    d.boot();
    await clock.advance(5 * MIN + 5000);
    const stored = gateway.readings("freezer-1");
    expectContiguous(stored.map((r) => r.s));
    expect(stored.length).toBe(acked + 1 + samplesSince(rebootMs));
    const times = stored.map((r) => r.unixS as number);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it("places readings right when the device clock is never set", async () => {
    await setup({ sendConfig: false });
    device().boot();
    await clock.advance(20 * MIN + 5000);
    const stored = gateway.readings("freezer-1");
    expect(stored.length).toBe(20);
    for (const r of stored) {
      expect(r).toMatchObject({ u: 1, b: 1 });
      expect(Math.abs(virtualS(r.unixS) - 60 * (r.s + 1))).toBeLessThanOrEqual(2);
    }
  });

  it("backs off on a wrong password, keeps buffering, and delivers once let in", async () => {
    await setup({ passwords: { "freezer-1": "right" } });
    const d = device({ password: "wrong" });
    d.boot();
    await clock.advance(60 * MIN);
    const attempts = gateway.attemptsS;
    expect(gateway.refused).toBe(attempts.length);
    expect(attempts.length).toBeGreaterThan(4);
    // without backoff: one every 2 s; with it, gaps grow to 60..120 s (max 120 s, jitter 0.5..1)
    expect(attempts.length).toBeLessThan(60);
    const gaps = attempts.slice(1).map((t, i) => t - (attempts[i] as number));
    expect(Math.min(...gaps.slice(-5))).toBeGreaterThanOrEqual(59);
    expect(new Set(gaps.slice(-5).map(Math.round)).size).toBeGreaterThan(1);
    expect(gateway.readings("freezer-1")).toEqual([]);
    expect(
      d.state<{ buffer: { batch(n: number): { texts: string[] } } }>().buffer.batch(1000).texts.length,
    ).toBe(samplesSince(0));
    gateway.o.passwords["freezer-1"] = "wrong";
    await clock.advance(5 * MIN);
    expect(gateway.readings("freezer-1").length).toBe(samplesSince(0));
  });

  it("signs every message so the gateway verifies it with node:crypto, and refuses a wrong key", async () => {
    await setup({ hmacKeys: { "freezer-1": "key-of-freezer-1" } });
    device({ overrides: { hmacKey: "key-of-freezer-1" } }).boot();
    await clock.advance(5 * MIN + 5000);
    expect(gateway.readings("freezer-1").length).toBe(5);
    expect(gateway.rejected).toEqual([]);
    devices[0]?.powerOff();
    await gateway.stop();
    await setup({ hmacKeys: { "freezer-1": "key-of-freezer-1" } });
    device({ overrides: { hmacKey: "another-key" } }).boot();
    await clock.advance(3 * MIN + 5000);
    expect(gateway.readings("freezer-1")).toEqual([]);
    expect(gateway.rejected.length).toBeGreaterThan(0);
    expect(new Set(gateway.rejected)).toEqual(new Set(["mac"]));
  });

  it("sounds the local alarm above the configured limit with the gateway gone", async () => {
    await setup({ alarmHighC: -15 });
    const trace: Trace = (s) => (s < 600 ? -19 : -12);
    const d = device({ trace });
    d.boot();
    await clock.advance(3 * MIN);
    await gateway.stop();
    expect(d.world.pins.LED1 ?? 0).toBe(0);
    await clock.advance(10 * MIN);
    expect(d.world.pins.LED1).toBe(1);
    // a power cut, still no network: the limit the gateway sent is kept in flash
    d.powerOff();
    d.world.pins.LED1 = 0;
    d.boot();
    await clock.advance(2 * MIN + 5000);
    expect(d.world.pins.LED1).toBe(1);
  });
});

describe("per-board builds", () => {
  it("fit their size budgets, hold 7 days of 5-minute readings, and report memory", async () => {
    const report: Record<string, unknown> = {};
    for (const board of ["ESP32", "ESP8266", "PUCKJS"]) {
      await setup();
      const d = device({ board });
      d.boot();
      await clock.advance(30 * MIN);
      const b = built[board] as BuiltFirmware;
      expect(b.bytes).toBeLessThanOrEqual(b.budget);
      expect(b.capacity).toBeGreaterThanOrEqual(7 * 24 * 12);
      report[board] = {
        bytes: b.bytes,
        capacity: b.capacity,
        vars: d.memoryVars(),
        budgetVars: BOARDS[board]?.vars,
      };
      // what the firmware itself would see on the console
      const memory = runInContext("process.memory()", d.context() as object) as {
        usage: number;
        free: number;
      };
      expect(memory.usage).toBe(d.memoryVars());
      if (board !== "ESP8266") expect(d.memoryVars()).toBeLessThan(BOARDS[board]?.vars as number);
      d.powerOff();
      await gateway.stop();
    }
    console.log("firmware per board:", JSON.stringify(report));
  });

  it("Puck.js advertises readings over BLE and hands batches to a relay", async () => {
    await setup();
    const d = device({ board: "PUCKJS" });
    d.boot();
    await clock.advance(10 * MIN + 5000);
    expect(d.world.adverts.length).toBe(10);
    expect(d.world.adverts.at(-1)?.[0]).toBe(0x4d);
    const relay = d.context() as Record<string, unknown>;
    const mgBatch = relay.mgBatch as (n: number) => string;
    const decoded = decodeReadings(mgBatch(20));
    expect(decoded.ok && decoded.value.r.map((r) => r.s)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    (relay.mgAck as (n: number) => void)(9);
    const after = decodeReadings(mgBatch(20));
    expect(after.ok && after.value.r).toEqual([]);
  });
});
