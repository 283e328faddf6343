// The relay between a courier's cool box and the gateway: the REAL built Puck.js upload file in the
// Espruino simulation, reached through its Bluetooth console (the simulated Nordic UART, 20-byte
// notifications), and the REAL gateway (gateway/app.ts build(): aedes with per-device passwords,
// ingest, SQLite, acks), restarted from its data directory like a real one.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Aedes } from "aedes";
import mqtt, { type MqttClient } from "mqtt";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadRelayConfig, validateRelayConfig } from "../../firmware/relay/config.js";
import {
  answerValue,
  type PuckConsole,
  PuckException,
  UartConsole,
} from "../../firmware/relay/puck-console.js";
import { describeVisit } from "../../firmware/relay/relay.js";
import { runRelay } from "../../firmware/relay/run.js";
import { type UploadOptions, type UploadReport, uploadFrom } from "../../firmware/relay/upload.js";
import type { Gateway } from "../../gateway/app.js";
import type { StoredReading } from "../../gateway/store/readings-store.js";
import { ROOT } from "../../scripts/build-firmware.js";
import { SimBleUart } from "../../sim/ble-uart.js";
import type { SimDevice } from "../../sim/espruino-sim.js";
import { VirtualClock } from "../../sim/virtual-clock.js";
import { startRealGateway, storedReadings } from "./real-gateway.js";
import { BASE_UNIX_S, buffered, device, HOUR, MIN, minuteTrace, sim, useFirmwareSim } from "./sim-harness.js";

useFirmwareSim(["PUCKJS"]);

const COOL_BOX = "coolbox-1";
let dataDir: string;
let gateway: Gateway | undefined;
let password: string;
let hmacKey: string;

async function startGateway(mqttPort = 0, requireMac = false): Promise<Gateway> {
  gateway = await startRealGateway(dataDir, mqttPort, requireMac);
  return gateway;
}

const stored = (): Promise<StoredReading[]> => storedReadings(gateway as Gateway, "cool-box");

/** A Puck.js in a cool box, running the built file, and its Bluetooth console. */
function coolBox(): { puck: SimDevice; uart: SimBleUart; bluetooth: UartConsole } {
  // a Puck has no TCP: the port in its configuration is never used
  const puck = device({ board: "PUCKJS", port: 1 });
  puck.boot();
  const uart = new SimBleUart(puck);
  return { puck, uart, bluetooth: new UartConsole(uart, 2000) };
}

interface VisitOptions {
  password?: string;
  hmacKey?: string;
  ackTimeoutMs?: number;
}

function visit(bluetooth: PuckConsole, o: VisitOptions = {}): Promise<UploadReport> {
  const options: UploadOptions = {
    gatewayUrl: `mqtt://127.0.0.1:${gateway?.mqttPort}`,
    prefix: "milkguard",
    batchSize: 20,
    ackTimeoutMs: o.ackTimeoutMs ?? 5000,
    configTimeoutMs: 2000,
  };
  return uploadFrom(
    {
      deviceId: COOL_BOX,
      password: o.password ?? password,
      board: "PUCKJS",
      ...(o.hmacKey ? { hmacKey: o.hmacKey } : {}),
    },
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
  return buffered(puck);
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
  const secrets = gw.devices.create({ id: COOL_BOX, unitId: "cool-box", intervalS: 60 }, "test");
  password = secrets.password;
  hmacKey = secrets.hmacKey;
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

  it("the console picks its answers out of whatever else the Puck prints, and tells its exceptions apart", async () => {
    const { bluetooth } = coolBox();
    await sim.clock.advance(3 * MIN);
    await bluetooth.connect();
    expect(await bluetooth.call('(Bluetooth.println("mg99=not ours"), [1, "two"])')).toBe('[1,"two"]');
    expect(await bluetooth.call("mgAck(0)")).toBe("undefined");
    await expect(bluetooth.call("mgNothing(1)")).rejects.toThrow(PuckException);
    const batch = JSON.parse(answerValue(await bluetooth.call("mgBatch(20)")) as string) as {
      r: { s: number }[];
    };
    expect(batch.r.map((r) => r.s)).toEqual([1, 2]);
    await bluetooth.disconnect();
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
    expect(describeVisit(refused)).toMatch(/coolbox-1: the gateway REFUSED the device id or password/);
    expect(heldOnPuck(puck)).toEqual([...Array(10).keys()]);
    expect(await stored()).toEqual([]);
    await sim.clock.advance(5 * MIN);
    expect(await visit(bluetooth)).toMatchObject({ ok: true, delivered: 15 });
    await gateway?.ingest.idle();
    expectTrace(await stored(), 15);
  });

  it("signs for the Puck with the device's key when the gateway requires macs", async () => {
    await gateway?.close();
    await startGateway(0, true);
    const { puck, bluetooth } = coolBox();
    await sim.clock.advance(5 * MIN + 5000);
    const unsigned = await visit(bluetooth, { ackTimeoutMs: 500 });
    expect(unsigned).toMatchObject({ ok: false, problem: "no_ack", delivered: 0 });
    expect(heldOnPuck(puck)).toEqual([0, 1, 2, 3, 4]);
    expect(await visit(bluetooth, { hmacKey })).toMatchObject({ ok: true, delivered: 5 });
    await gateway?.ingest.idle();
    expectTrace(await stored(), 5);
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

/**
 * Stands in for EspruinoHub on its own broker, answering the topics its README and sources describe:
 * ping -> pong, notify -> UART data, write (a JSON string) -> UART, and relayed adverts.
 */
async function espruinoHub(puck: SimDevice, uart: SimBleUart, address: string) {
  const broker = await Aedes.createBroker();
  const server = createServer((socket) => broker.handle(socket));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `mqtt://127.0.0.1:${(server.address() as { port: number }).port}`;
  const hub: MqttClient = await mqtt.connectAsync(url, { clientId: "espruinohub" });
  await hub.subscribeAsync(["/ble/ping/+", "/ble/notify/+/nus/nus_rx", "/ble/write/+/nus/nus_tx"]);
  hub.on("message", (topic, payload) => {
    const [, , verb, to] = topic.split("/");
    if (to !== address || !uart.inReach) return;
    if (verb === "ping") void hub.publishAsync(`/ble/pong/${address}`, "");
    if (verb === "notify")
      void uart.open((chunk) => void hub.publishAsync(`/ble/data/${address}/nus/nus_rx`, chunk));
    if (verb === "write") uart.write(JSON.parse(payload.toString()) as string).catch(() => {});
  });
  return {
    url,
    /** the Puck's latest advert, as EspruinoHub relays it */
    advertise: () => {
      const data = puck.world.adverts.at(-1) ?? [];
      const hex = data.map((b) => b.toString(16).padStart(2, "0")).join("");
      return hub.publishAsync(`/ble/advertise/${address}/manufacturer/0590`, JSON.stringify(hex));
    },
    close: async () => {
      await hub.endAsync();
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      server.close();
    },
  };
}

async function until(done: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!done()) throw new Error(`timed out waiting for ${what}`);
}

describe("npm run relay: EspruinoHub for Bluetooth", () => {
  const address = "c7:f9:36:dd:b0:ca";

  it("visits at start, again when an advert shows a new reading, not for an advert already delivered", async () => {
    const { puck, uart } = coolBox();
    const hub = await espruinoHub(puck, uart, address);
    await sim.clock.advance(20 * MIN + 5000);
    const loaded = validateRelayConfig({
      gateway: { url: `mqtt://127.0.0.1:${gateway?.mqttPort}` },
      espruinoHub: { url: hub.url },
      pollMinutes: 60,
      consoleTimeoutS: 1,
      coolBoxes: [{ deviceId: COOL_BOX, password, address: address.toUpperCase() }],
    });
    if (!loaded.ok) throw new Error(loaded.errors.join("; "));
    const lines: string[] = [];
    const running = await runRelay(loaded.config, (line) => lines.push(line));
    try {
      await until(() => lines.length >= 2, "the first visit");
      expect(lines[1]).toBe("coolbox-1: 20 readings delivered, the Puck forgot up to #19");
      await sim.clock.advance(5 * MIN);
      await hub.advertise();
      await until(() => lines.length >= 3, "the visit an advert starts");
      expect(lines[2]).toBe("coolbox-1: 5 readings delivered, the Puck forgot up to #24");
      await hub.advertise();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(lines.length).toBe(3);
      uart.inReach = false;
      await sim.clock.advance(5 * MIN);
      await hub.advertise();
      await until(() => lines.length >= 4, "a visit out of reach");
      expect(lines[3]).toMatch(
        /^coolbox-1: cool box out of reach .*; unacknowledged readings stay on the Puck$/,
      );
    } finally {
      await running.stop();
      await hub.close();
    }
    await gateway?.ingest.idle();
    expectTrace(await stored(), 25);
    expect(heldOnPuck(puck)).toEqual([25, 26, 27, 28, 29]);
  });

  it("accepts the example relay.json and refuses one with mistakes, listing each", async () => {
    expect(loadRelayConfig(join(ROOT, "firmware/relay/relay.example.json")).ok).toBe(true);
    const file = join(dataDir, "relay.json");
    writeFileSync(
      file,
      JSON.stringify({
        pollMinutes: 0,
        coolBoxes: [{ deviceId: "Cool Box", password: "", address: "puck" }],
      }),
    );
    const run = promisify(execFile)(
      join(ROOT, "node_modules/.bin/tsx"),
      ["firmware/relay/main.ts", "--config", file],
      {
        cwd: ROOT,
      },
    );
    const failed = (await run.then(
      () => undefined,
      (err: unknown) => err,
    )) as { code: number; stderr: string } | undefined;
    expect(failed?.code).toBe(2);
    for (const field of [
      "pollMinutes",
      "coolBoxes.0.deviceId",
      "coolBoxes.0.password",
      "coolBoxes.0.address",
    ])
      expect(failed?.stderr).toContain(`${field}:`);
  });
});
