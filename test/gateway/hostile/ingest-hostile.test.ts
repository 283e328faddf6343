// A buggy or hostile device against the real gateway's ingest (issue 10): a jump to a huge sequence
// number, a sequence no store keeps, readings stamped 1970, a crash right after acks, and a flood of
// bad payloads. Each must be refused or absorbed with a counted reason, and the gateway keeps serving.
// The freeze and the crash need the gateway in a process of its own (gateway-child.ts): a frozen
// gateway in this process would freeze the test too, and only a killed process crashes for real.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import mqtt, { type MqttClient } from "mqtt";
import { afterEach, describe, expect, it } from "vitest";
import { build, type Gateway } from "../../../gateway/app.js";
import { validateConfig } from "../../../gateway/config/load.js";
import { DOMAIN, knownIds } from "../../../gateway/engine/domain.js";
import { LOGGED_EACH, RejectionLog } from "../../../gateway/ingest/rejection-log.js";
import { createLogger } from "../../../gateway/log.js";
import { MAX_SEQ } from "../../../shared/protocol/limits.js";
import { nextAck, removeDir } from "../core/ingest-rig.js";

const CHILD = fileURLToPath(new URL("./gateway-child.ts", import.meta.url));
/** generous for a live gateway on a busy machine; the old code took minutes (1e12 steps) */
const ANSWER_MS = 5_000;

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "mg-ingest-hostile-"));
  cleanups.push(() => removeDir(dir));
  return dir;
}

interface Child {
  mqttPort: number;
  httpPort: number;
  passwords: Record<string, string>;
  kill(): Promise<void>;
}

/** Starts gateway-child.ts on `dir`; resolves once it prints its ports. */
function startChild(dir: string, deviceIds: string[]): Promise<Child> {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", CHILD, dir, ...deviceIds], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await exited;
  };
  cleanups.push(kill);
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split("\n")[0];
      if (out.includes("\n") && line) resolve({ ...(JSON.parse(line) as Omit<Child, "kill">), kill });
    });
    void exited.then(() => reject(new Error(`gateway child exited before it was ready: ${err}`)));
  });
}

/** Rejects when `promise` has not settled within `ms`. */
function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

async function connect(port: number, id: string, password: string): Promise<MqttClient> {
  const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, {
    username: id,
    password,
    clientId: id,
    reconnectPeriod: 0,
  });
  cleanups.push(() => client.endAsync(true));
  await client.subscribeAsync(`milkguard/${id}/ack`, { qos: 1 });
  return client;
}

/** Readings `seqs`, one a minute, the last taken a minute ago. */
function batch(seqs: number[]): string {
  const lastS = Math.floor(Date.now() / 1000) - 60;
  const r = seqs.map((s, i) => ({ s, t: lastS - (seqs.length - 1 - i) * 60, c: -19 }));
  return JSON.stringify({ v: 1, boot: 1, up: 100, r });
}

/** Publishes a batch and resolves with the ack's upTo. */
async function send(client: MqttClient, id: string, payload: string): Promise<number> {
  const ack = nextAck(client);
  await client.publishAsync(`milkguard/${id}/readings`, payload, { qos: 1 });
  return ack;
}

async function metric(httpPort: number, name: string, labels = ""): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith(`${name}${labels} `));
  return line ? Number(line.split(" ")[1]) : 0;
}

const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);

describe("sequence numbers from a hostile device, against a gateway in its own process", () => {
  it("a jump to sequence 1e12, then to MAX_SEQ, is acked at once and counted as a gap; other devices keep being acked", async () => {
    const gw = await startChild(tempDir(), ["jumper", "canary"]);
    const jumper = await connect(gw.mqttPort, "jumper", gw.passwords.jumper ?? "");
    const canary = await connect(gw.mqttPort, "canary", gw.passwords.canary ?? "");
    expect(await within(ANSWER_MS, "jumper's ack", send(jumper, "jumper", batch([1e12])))).toBe(1e12);
    expect(await within(ANSWER_MS, "canary's ack", send(canary, "canary", batch([0])))).toBe(0);
    const health = await within(ANSWER_MS, "/healthz", fetch(`http://127.0.0.1:${gw.httpPort}/healthz`));
    expect(health.status).toBe(200);
    expect(await metric(gw.httpPort, "milkguard_sequence_gaps_total")).toBe(1e12);
    // The highest sequence the decoder takes is one the store keeps too: stored and acked.
    const top = send(jumper, "jumper", batch([MAX_SEQ]));
    expect(await within(ANSWER_MS, "jumper's ack of MAX_SEQ", top)).toBe(MAX_SEQ);
    expect(await metric(gw.httpPort, "milkguard_sequence_gaps_total")).toBe(MAX_SEQ - 1);
  });

  it("after a crash right after its acks, a device carrying on from its last ack is no gap; a real skip still is", async () => {
    const dir = tempDir();
    const first = await startChild(dir, ["steady"]);
    const password = first.passwords.steady ?? "";
    let client = await connect(first.mqttPort, "steady", password);
    // A backlog sent the way the firmware sends it: a batch, wait for its ack, the next batch.
    let acked = -1;
    for (let b = 0; b < 20; b++) acked = await send(client, "steady", batch(range(acked + 1, 10)));
    expect(acked).toBe(199);
    await first.kill(); // SIGKILL: nothing flushed, no clean close
    await client.endAsync(true);

    const second = await startChild(dir, ["steady"]);
    client = await connect(second.mqttPort, "steady", password);
    expect(await send(client, "steady", batch(range(200, 10)))).toBe(209);
    expect(await metric(second.httpPort, "milkguard_sequence_gaps_total")).toBe(0);
    // The device lost 210..214 (its buffer was full): those are counted.
    expect(await send(client, "steady", batch(range(215, 5)))).toBe(219);
    expect(await metric(second.httpPort, "milkguard_sequence_gaps_total")).toBe(5);
  });
});

describe("bad readings and floods, against the gateway in this process", () => {
  const lines: string[] = [];

  async function gateway(): Promise<Gateway> {
    const loaded = validateConfig(
      {
        dataDir: tempDir(),
        mqtt: { host: "127.0.0.1", port: 0 },
        http: { host: "127.0.0.1", port: 0 },
      },
      knownIds(DOMAIN),
    );
    if (!loaded.ok) throw new Error(loaded.errors.join("\n"));
    lines.length = 0;
    const log = createLogger("warn", "gateway", (line) => void lines.push(line));
    const gw = await build({ config: loaded.config, domain: DOMAIN, log });
    await gw.start();
    cleanups.push(() => gw.close());
    return gw;
  }

  async function device(gw: Gateway, id: string): Promise<MqttClient> {
    gw.site.units.put({ id: `unit-${id}`, name: id, profileId: "home-freezer", createdAtMs: Date.now() });
    const { password } = gw.devices.create({ id, unitId: `unit-${id}` }, "test");
    return connect(gw.mqttPort, id, password);
  }

  const rejected = (gw: Gateway, reason: string) =>
    gw.metrics.value("milkguard_readings_rejected_total", { reason });

  it("a device that never fills a hole below what it sent is moved past it, so its state stays bounded", async () => {
    const gw = await gateway();
    const client = await device(gw, "holey");
    expect(await send(client, "holey", batch([0]))).toBe(0);
    // Each batch claims 0 as its oldest (already stored), then 99 sequences above a hole 1..999.
    const holey = (k: number) => batch([0, ...range(1000 + 99 * k, 99)]);
    for (let k = 0; k < 10; k++) expect(await send(client, "holey", holey(k))).toBe(0);
    // Past ten batches stored above the hole, the hole counts as a gap and the ack moves on.
    expect(await send(client, "holey", holey(10))).toBe(1000 + 99 * 11 - 1);
    expect(gw.metrics.total("milkguard_sequence_gaps_total")).toBe(999);
  });

  it("a sequence past 2^53 - 1 is refused when decoded, and the device's next batch is acked", async () => {
    const gw = await gateway();
    const client = await device(gw, "big-seq");
    // JSON cannot carry 2^53 + 1 exactly: it would be read as 2^53, a different reading.
    await client.publishAsync("milkguard/big-seq/readings", batch([2 ** 53]), { qos: 1 });
    await gw.ingest.idle();
    expect(rejected(gw, "r[].s:too_large")).toBe(1);
    expect(rejected(gw, "store_failed")).toBe(0);
    expect(await send(client, "big-seq", batch([0]))).toBe(0);
    const stored = await gw.readings.range({ unitId: "unit-big-seq", fromMs: 0, toMs: 4e12 });
    expect(stored.map((r) => r.seq)).toEqual([0]);
  });

  it("readings stamped 1970, or placed there by an uptime, are refused and counted, not stored", async () => {
    const gw = await gateway();
    const client = await device(gw, "no-clock");
    const nowS = Math.floor(Date.now() / 1000);
    const msg = {
      v: 1,
      boot: 2,
      up: 2_000_000_000,
      r: [
        { s: 0, t: 0, c: -18 },
        { s: 1, t: 5, c: -18, u: 1, b: 2 },
        { s: 2, t: nowS - 60, c: -19 },
      ],
    };
    // The refused readings are passed over by the ack (or the device would send them forever).
    expect(await send(client, "no-clock", JSON.stringify(msg))).toBe(2);
    expect(rejected(gw, "before_earliest_time")).toBe(2);
    const stored = await gw.readings.range({ unitId: "unit-no-clock", fromMs: 0, toMs: 4e12 });
    expect(stored.map((r) => [r.seq, r.timeMs])).toEqual([[2, (nowS - 60) * 1000]]);
    expect(lines.filter((l) => l.includes("rejected: before_earliest_time"))).toHaveLength(2);
  });

  it("a flood of bad payloads is counted one by one but logged only a few times", async () => {
    const gw = await gateway();
    const client = await device(gw, "noisy");
    const canary = await device(gw, "canary");
    const FLOOD = 300;
    await Promise.all(
      range(0, FLOOD).map(() => client.publishAsync("milkguard/noisy/readings", '{"v":1,', { qos: 1 })),
    );
    // a PUBACK may reach the device before the gateway's subscriber has the message
    await expect.poll(() => rejected(gw, "payload:malformed_json")).toBe(FLOOD);
    expect(lines.filter((l) => l.includes("rejected: payload:malformed_json"))).toHaveLength(LOGGED_EACH);
    expect(await send(canary, "canary", batch([0]))).toBe(0);
  });
});

describe("the rejection log", () => {
  it("sums up, once a window, what it did not log line by line, by reason and device", async () => {
    const lines: string[] = [];
    const log = new RejectionLog(
      createLogger("warn", "ingest", (line) => void lines.push(line)),
      50,
    );
    for (let i = 0; i < 10; i++) log.note("payload:malformed_json", { device: "noisy" });
    log.note("payload:malformed_json", { device: "other" });
    expect(lines).toHaveLength(LOGGED_EACH + 1);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(lines).toHaveLength(LOGGED_EACH + 2);
    expect(lines.at(-1)).toContain(`rejected ${10 - LOGGED_EACH} more in the last 0.05 s`);
    expect(lines.at(-1)).toContain('{"payload:malformed_json":{"count":7,"devices":["noisy"]}}');
    // a new window logs the first few again
    log.note("payload:malformed_json", { device: "noisy" });
    expect(lines.at(-1)).toContain("rejected: payload:malformed_json");
  });
});
