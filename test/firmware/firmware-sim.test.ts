// The built firmware upload file, run in the Espruino simulation against a real aedes broker over
// TCP: what the gateway stores equals what the probe saw, through outages, reboots and faults.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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

async function setup(o: { sendConfig?: boolean; passwords?: Record<string, string> } = {}) {
  clock = new VirtualClock();
  devices = [];
  gateway = new TestGateway({
    nowS: () => BASE_UNIX_S + clock.nowMs / 1000,
    passwords: o.passwords ?? { "freezer-1": "secret-1" },
    sendConfig: o.sendConfig ?? true,
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
