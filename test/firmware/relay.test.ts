// The relay between a courier's cool box and the gateway: the REAL built Puck.js upload file in the
// Espruino simulation, reached through its Bluetooth console (the simulated Nordic UART, 20-byte
// notifications), and the REAL gateway (gateway/app.ts build(): aedes with per-device passwords,
// ingest, SQLite, acks), restarted from its data directory like a real one.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type PuckConsole, UartConsole } from "../../firmware/relay/puck-console.js";
import { type UploadOptions, type UploadReport, uploadFrom } from "../../firmware/relay/upload.js";
import { SimBleUart } from "../../firmware/sim/ble-uart.js";
import type { SimDevice } from "../../firmware/sim/espruino-sim.js";
import { VirtualClock } from "../../firmware/sim/virtual-clock.js";
import { build, type Gateway } from "../../gateway/app.js";
import { validateConfig } from "../../gateway/config/load.js";
import { DOMAIN, knownIds } from "../../gateway/engine/domain.js";
import type { StoredReading } from "../../gateway/store/readings-store.js";
import { BASE_UNIX_S, device, HOUR, MIN, minuteTrace, sim, useFirmwareSim } from "./sim-harness.js";

useFirmwareSim(["PUCKJS"]);

const COOL_BOX = "coolbox-1";
let dataDir: string;
let gateway: Gateway | undefined;
let password: string;

async function startGateway(mqttPort = 0): Promise<Gateway> {
  const loaded = validateConfig(
    {
      dataDir,
      site: { ruleSet: "nice-ukamb" },
      mqtt: { host: "127.0.0.1", port: mqttPort },
      http: { host: "127.0.0.1", port: 0 },
      log: { level: "silent" },
    },
    knownIds(DOMAIN),
  );
  if (!loaded.ok) throw new Error(loaded.errors.join("\n"));
  gateway = await build({
    config: loaded.config,
    domain: DOMAIN,
    clock: { now: () => BASE_UNIX_S * 1000 + sim.clock.nowMs },
  });
  return gateway;
}

async function stored(): Promise<StoredReading[]> {
  const all = await (gateway as Gateway).readings.range({ unitId: "cool-box", fromMs: 0, toMs: 4e12 });
  return all.sort((a, b) => a.seq - b.seq);
}

/** A Puck.js in a cool box, running the built file, and its Bluetooth console. */
function coolBox(): { puck: SimDevice; uart: SimBleUart; bluetooth: UartConsole } {
  // a Puck has no TCP: the port in its configuration is never used
  const puck = device({ board: "PUCKJS", port: 1 });
  puck.boot();
  const uart = new SimBleUart(puck);
  return { puck, uart, bluetooth: new UartConsole(uart, 2000) };
}

function visit(bluetooth: PuckConsole, o: { password?: string; port?: number } = {}): Promise<UploadReport> {
  const options: UploadOptions = {
    gatewayUrl: `mqtt://127.0.0.1:${o.port ?? gateway?.mqttPort}`,
    prefix: "milkguard",
    batchSize: 20,
    ackTimeoutMs: 5000,
    configTimeoutMs: 2000,
  };
  return uploadFrom(
    { deviceId: COOL_BOX, password: o.password ?? password, board: "PUCKJS" },
    bluetooth,
    options,
  );
}

/** The console, with a look at every expression the Puck has answered. */
function watched(bluetooth: PuckConsole, after: (expression: string) => void): PuckConsole {
  return {
    connect: () => bluetooth.connect(),
    disconnect: () => bluetooth.disconnect(),
    call: async (expression) => {
      const answer = await bluetooth.call(expression);
      after(expression);
      return answer;
    },
  };
}

/** Sequence numbers the Puck still holds (what it has not been told the gateway stored). */
function heldOnPuck(puck: SimDevice): number[] {
  const buffer = puck.state<{ buffer: { batch(n: number): { texts: string[] } | null } }>().buffer;
  return (buffer.batch(10_000)?.texts ?? []).map((t) => (JSON.parse(t) as { s: number }).s);
}

/** Every sequence from 0 exactly once, each at the minute it was sampled with the trace's value. */
function expectTrace(readings: StoredReading[], count: number): void {
  expect(readings.map((r) => r.seq)).toEqual([...Array(count).keys()]);
  for (const r of readings) {
    const sampledS = 60 * (r.seq + 1);
    expect(Math.abs(r.timeMs / 1000 - BASE_UNIX_S - sampledS)).toBeLessThanOrEqual(1);
    expect(r.tempC).toBe(minuteTrace(sampledS));
  }
}

function duplicatesAtGateway(): number {
  const text = (gateway as Gateway).metrics.render();
  const line = text.split("\n").find((l) => l.startsWith("milkguard_readings_duplicate_total"));
  return line ? Number(line.split(" ").at(-1)) : 0;
}

beforeEach(async () => {
  sim.clock = new VirtualClock();
  sim.devices = [];
  dataDir = mkdtempSync(join(tmpdir(), "mg-relay-"));
  const gw = await startGateway();
  gw.site.units.put({ id: "cool-box", name: "Cool box", profileId: "cool-box", createdAtMs: 0 });
  password = gw.devices.create({ id: COOL_BOX, unitId: "cool-box", intervalS: 60 }, "test").password;
});

afterEach(async () => {
  for (const d of sim.devices) d.powerOff();
  await gateway?.close();
  gateway = undefined;
  rmSync(dataDir, { recursive: true, force: true });
});

describe("relay: Puck.js cool box -> gateway", () => {
  it("stores readings equal to the trace, in event time, and says online then offline", async () => {
    const { puck, bluetooth } = coolBox();
    await sim.clock.advance(20 * MIN + 5000);
    const onlineDuringVisit: boolean[] = [];
    const report = await visit(
      watched(bluetooth, (expression) => {
        if (expression.startsWith("mgBatch"))
          onlineDuringVisit.push(gateway?.site.devices.get(COOL_BOX)?.online === true);
      }),
    );
    await gateway?.ingest.idle();
    expect(report).toMatchObject({ ok: true, delivered: 20, ackedUpTo: 19 });
    expect(onlineDuringVisit).toEqual([true, true]);
    expectTrace(await stored(), 20);
    expect(heldOnPuck(puck)).toEqual([]);
    const record = gateway?.site.devices.get(COOL_BOX);
    expect(record?.board).toBe("PUCKJS");
    expect(record?.online).toBe(false);
  });

  it("after 3 hours out of reach, delivers every reading once, in event time; the Puck forgot only acked ones", async () => {
    const { puck, uart, bluetooth } = coolBox();
    await sim.clock.advance(20 * MIN + 5000);
    expect(await visit(bluetooth)).toMatchObject({ ok: true, delivered: 20, ackedUpTo: 19 });
    uart.inReach = false;
    const away: UploadReport[] = [];
    for (let hour = 0; hour < 3; hour++) {
      await sim.clock.advance(HOUR);
      away.push(await visit(bluetooth));
    }
    expect(away.map((r) => [r.ok, r.problem, r.delivered])).toEqual(
      Array(3).fill([false, "out_of_reach", 0]),
    );
    expect(gateway?.site.devices.get(COOL_BOX)?.online).toBe(false);
    expect(heldOnPuck(puck)).toEqual([...Array(180).keys()].map((i) => 20 + i));
    uart.inReach = true;
    const back = await visit(bluetooth);
    await gateway?.ingest.idle();
    expect(back).toMatchObject({ ok: true, delivered: 180, ackedUpTo: 199 });
    expectTrace(await stored(), 200);
    expect(heldOnPuck(puck)).toEqual([]);
    expect(duplicatesAtGateway()).toBe(0);
  });

  it("with a wrong device password, reports the refusal and the Puck keeps every reading", async () => {
    const { puck, bluetooth } = coolBox();
    await sim.clock.advance(10 * MIN + 5000);
    const refused = await visit(bluetooth, { password: "not-the-password" });
    expect(refused).toMatchObject({ ok: false, problem: "refused", delivered: 0, ackedUpTo: -1 });
    expect(refused.detail).toMatch(/Bad username or password|Not authorized/i);
    expect(heldOnPuck(puck)).toEqual([...Array(10).keys()]);
    expect(await stored()).toEqual([]);
    await sim.clock.advance(5 * MIN);
    expect(await visit(bluetooth)).toMatchObject({ ok: true, delivered: 15 });
    await gateway?.ingest.idle();
    expectTrace(await stored(), 15);
  });

  type Cut = "as the third batch is published" | "once the third batch is stored" | "bluetooth, once stored";
  it.each<Cut>([
    "as the third batch is published",
    "once the third batch is stored",
    "bluetooth, once stored",
  ])("loses nothing and stores nothing twice when the link breaks mid-upload: %s", async (cut) => {
    const { puck, uart, bluetooth } = coolBox();
    await sim.clock.advance(2 * HOUR + 5000);
    const port = gateway?.mqttPort as number;
    let restarting: Promise<void> | undefined;
    let batches = 0;
    const relayed = watched(bluetooth, (expression) => {
      if (cut === "as the third batch is published" && expression.startsWith("mgBatch") && ++batches === 3)
        restarting = gateway?.close();
    });
    // the gateway has stored the batch and is sending its ack: it goes down, or the cool box out of reach
    gateway?.bus.on("readings", "test", (fresh) => {
      if (fresh[0]?.seq !== 40) return;
      if (cut === "once the third batch is stored") restarting = gateway?.close();
      if (cut === "bluetooth, once stored") uart.inReach = false;
    });
    const interrupted = await visit(relayed);
    await restarting;
    expect(interrupted.ok).toBe(false);
    expect(interrupted.problem).toBe(cut.startsWith("bluetooth") ? "out_of_reach" : "gateway_unreachable");
    expect(interrupted.ackedUpTo).toBeGreaterThanOrEqual(39);
    expect(heldOnPuck(puck)[0]).toBe(interrupted.ackedUpTo + 1);
    if (restarting) await startGateway(port);
    uart.inReach = true;
    await sim.clock.advance(MIN);
    const resumed = await visit(bluetooth);
    await gateway?.ingest.idle();
    expect(resumed.ok).toBe(true);
    expectTrace(await stored(), 121);
    expect(heldOnPuck(puck)).toEqual([]);
    expect(interrupted.delivered + resumed.delivered).toBeLessThanOrEqual(121);
    expect(duplicatesAtGateway()).toBe(0);
  });
});
