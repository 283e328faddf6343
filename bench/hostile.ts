// The gateway against hostile devices and a hostile disk (issue 10), each part on a real gateway in a
// process of its own (test/gateway/hostile/gateway-child.ts: build() as `npm start` makes it), so a
// crash is an exit, memory is that process's RSS, and a kill -9 is a real one:
// - fuzz: mixed malformed payloads over MQTT, logged in and not, while a canary device keeps sending;
// - oversized: 20 connections, before any login, each announcing a 250 MB CONNECT;
// - lock: another process holds the SQLite file's write lock for 12 s while a device sends;
// - kills: devices send readings while the gateway is killed with SIGKILL 8 times.
// /healthz is polled every 20 ms by a process of its own, so this process's load cannot delay a poll.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import mqtt, { type MqttClient } from "mqtt";
import { MAX_PAYLOAD_BYTES, MAX_READINGS_PER_BATCH } from "../shared/protocol/limits.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CHILD = join(ROOT, "test/gateway/hostile/gateway-child.ts");
const FUZZ_PAYLOADS = 100_000;
/** logged-in fuzzing devices, each also opening raw connections */
const FUZZ_LANES = 24;
const HEALTHZ_EVERY_MS = 20;
const OVERSIZED_CONNECTIONS = 20;
/** what the issue measured: CONNECT packets announcing 250 MB each, before any login */
const ANNOUNCED_BYTES = 250_000_000;
/** what each oversized connection tries to send of its packet: 320 MiB in all if the gateway read it */
const OVERSIZED_SENDS_BYTES = 16 * 1024 * 1024;
const LOCK_S = 12;
const KILLS = 8;
const LOAD_DEVICES = 20;
const LOAD_READINGS = 500_000;
/** how long anything here waits for the gateway before it counts as not answering */
const PATIENCE_MS = 10_000;

export async function run(): Promise<Record<string, string | number>> {
  return { ...(await fuzz()), ...(await oversized()), ...(await lock()), ...(await kills()) };
}

// ---- fuzz ----

async function fuzz(): Promise<Record<string, string | number>> {
  const lanes = Array.from({ length: FUZZ_LANES }, (_, i) => `fuzz-${i}`);
  return withGateway([...lanes, "canary"], async (gw) => {
    const next = fuzzMix(seeded(10), Math.floor(Date.now() / 1000));
    const health = pollHealth(gw.httpPort);
    const canary = startCanary(gw, "canary");
    const sent = { mqtt: 0, raw: 0 };
    const started = performance.now();
    const lane = async (id: string) => {
      let device = await Connected.open(gw, id);
      while (sent.mqtt + sent.raw < FUZZ_PAYLOADS && !gw.exited()) {
        const item = next(id);
        if (item.via === "publish") {
          sent.mqtt++;
          await device.publish(item);
          if (device.closed) device = await Connected.open(gw, id);
        } else {
          sent.raw++;
          await (item.via === "raw" ? rawExchange(gw.mqttPort, item.bytes) : refusedLogin(gw, item.id));
        }
      }
      device.client.end(true);
    };
    await Promise.all(lanes.map(lane));
    const fuzzS = (performance.now() - started) / 1000;
    const acks = await canary.stop();
    const polls = await health.stop();
    const refusals = gw.exited()
      ? Number.NaN
      : (await metricSum(gw.httpPort, "milkguard_readings_rejected_total")) +
        (await metricSum(gw.httpPort, "milkguard_auth_failures_total")) +
        (await metricSum(gw.httpPort, "milkguard_mqtt_connections_closed_total"));
    return {
      "fuzz payloads sent (logged in / not)": `${sent.mqtt + sent.raw} (${sent.mqtt} / ${sent.raw})`,
      "fuzz payloads/s": Math.round((sent.mqtt + sent.raw) / fuzzS),
      "fuzz: gateway crashes (goal 0)": gw.exited() ? 1 : 0,
      "fuzz: refusals counted in /metrics": refusals,
      "fuzz: canary acks received / expected": `${acks.received} / ${acks.expected}`,
      "fuzz: canary worst ack ms": Math.round(acks.worstMs),
      "fuzz: /healthz worst ms (goal < 1000)": Math.round(polls.worstMs),
      "fuzz: /healthz polls (unanswered)": `${polls.polls} (${polls.unanswered})`,
    };
  });
}

type FuzzItem =
  | { via: "publish"; topic: string; payload: string | Buffer; qos: 0 | 1; closes: boolean }
  | { via: "raw"; bytes: Buffer }
  | { via: "login"; id: string };

/** Returns the next hostile payload for a logged-in device `id`, drawn by each kind's share. */
function fuzzMix(random: () => number, nowS: number): (id: string) => FuzzItem {
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const int = (below: number) => Math.floor(random() * below);
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(256)));
  const msg = (r: unknown, extra: object = {}) => JSON.stringify({ v: 1, boot: 1, up: 100, r, ...extra });
  const one = (s: unknown, t: unknown, c: unknown = -19) => msg([{ s, t, c }]);
  const own = (id: string, payload: string | Buffer, channel = "readings"): FuzzItem => ({
    ...{ via: "publish", topic: `milkguard/${id}/${channel}`, payload },
    ...{ qos: int(5) === 0 ? 0 : 1, closes: false },
  });
  // a publish the broker refuses: it closes the connection, the device logs in again
  const refused = (topic: string, payload: string | Buffer): FuzzItem => ({
    ...{ via: "publish", topic, payload, qos: 0, closes: true },
  });
  const connectBytes = connectPacket("fuzz-0", "fuzz-0", "not-the-password");
  const kinds: [share: number, make: (id: string) => FuzzItem][] = [
    [12, (id) => own(id, pick(['{"v":1,', "not json", "", "[]", "null", '{"v":1,"r":[{"s":1,"t":']))],
    [4, (id) => own(id, bytes(1 + int(256)))],
    [
      14,
      (id) =>
        own(
          id,
          pick([
            JSON.stringify({ v: "1", r: "x" }),
            one(String(int(1e6)), nowS),
            one(int(1e6), String(nowS)),
            one(int(1e6), nowS, "-19"),
            one(-1, nowS),
            one(1.5, nowS),
            `{"v":1,"boot":1,"up":1,"r":[{"s":1,"t":${nowS},"c":1e999}]}`,
            msg({ s: 1 }),
            msg([[[[[[[[]]]]]]]]),
            JSON.stringify({ v: 2, boot: 1, up: 1, r: [] }),
            msg([{ s: int(1e6), t: nowS, c: -19 }], { bat: "full", rssi: 1e300, boot: -1 }),
          ]),
        ),
    ],
    [10, (id) => own(id, one(1e12 + int(1e6), nowS - 60))],
    [8, (id) => own(id, one(pick([2 ** 53, 2 ** 60, 1e300]), nowS - 60))],
    [8, (id) => own(id, one(int(1e6), pick([0, 1, 946684800])))],
    [8, (id) => own(id, one(int(1e6), pick([nowS + 86_400, nowS + 3e9, 1e12])))],
    [5, (id) => own(id, readingsText(int(1e6), MAX_READINGS_PER_BATCH + 1, nowS - 86_400))],
    [5, (id) => own(id, readingsText(int(1e6), 3, nowS - 86_400))],
    [
      5,
      (id) =>
        own(id, pick(['{"v":1,"state":"asleep"}', '{"v":1}', "offline", '{"state":"online"}']), "status"),
    ],
    [4, () => refused(pick(["milkguard/canary/readings", "milkguard/canary/ack", "$SYS/x", "a/b"]), "{}")],
    [3, (id) => refused(`milkguard/${id}/readings`, Buffer.alloc(MAX_PAYLOAD_BYTES + 1024, 0x20))],
    [3, (id) => refused(`milkguard/${id}/readings`, Buffer.alloc(100 * 1024, 0x20))],
    [4, () => ({ via: "raw", bytes: bytes(1 + int(512)) })],
    [3, () => ({ via: "raw", bytes: connectBytes.subarray(0, 1 + int(connectBytes.length - 1)) })],
    [1, () => ({ via: "raw", bytes: Buffer.from("300a0003612f627b7d000000", "hex") })], // PUBLISH before CONNECT
    [1, () => ({ via: "login", id: pick(["nobody", "fuzz-1", "canary"]) })],
  ];
  // one entry per share, drawn uniformly
  const bag = kinds.flatMap(([share, make]) => Array.from({ length: share }, () => make));
  return (id) => pick(bag)(id);
}

/** A logged-in device's connection, and whether the gateway has closed it. */
class Connected {
  closed = false;
  private readonly gone: Promise<void>;

  private constructor(readonly client: MqttClient) {
    this.gone = new Promise((resolve) =>
      client.once("close", () => {
        this.closed = true;
        resolve();
      }),
    );
  }

  static async open(gw: ChildGateway, id: string): Promise<Connected> {
    return new Connected(await connectDevice(gw.mqttPort, id, gw.passwords[id] ?? ""));
  }

  async publish(item: FuzzItem & { via: "publish" }): Promise<void> {
    const published = this.client.publishAsync(item.topic, item.payload, { qos: item.qos }).catch(() => {});
    await Promise.race([published, this.gone]);
    if (item.closes) await Promise.race([this.gone, sleep(PATIENCE_MS)]);
  }
}

/** Opens a TCP connection, sends `bytes` and hangs up; resolves once the gateway has closed it too. */
function rawExchange(port: number, bytes: Buffer): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    const timer = setTimeout(() => socket.destroy(), PATIENCE_MS);
    socket.on("error", () => {});
    socket.once("close", () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once("connect", () => socket.end(bytes));
  });
}

async function refusedLogin(gw: ChildGateway, id: string): Promise<void> {
  const client = await connectDevice(gw.mqttPort, id, "guessed-password").catch(() => undefined);
  client?.end(true);
}

/** A well-behaved device: a batch, its ack (or PATIENCE_MS), 50 ms, the next batch. */
function startCanary(gw: ChildGateway, id: string) {
  const acks = { expected: 0, received: 0, worstMs: 0 };
  let running = true;
  const loop = (async () => {
    const client = await connectDevice(gw.mqttPort, id, gw.passwords[id] ?? "");
    await client.subscribeAsync(`milkguard/${id}/ack`, { qos: 1 });
    const baseS = Math.floor(Date.now() / 1000) - 86_400;
    for (let seq = 0; running; seq += 5) {
      const acked = nextAck(client);
      const started = performance.now();
      client.publish(`milkguard/${id}/readings`, readingsText(seq, 5, baseS), { qos: 1 });
      acks.expected++;
      if ((await acked) === seq + 4) acks.received++;
      acks.worstMs = Math.max(acks.worstMs, performance.now() - started);
      await sleep(50);
    }
    client.end(true);
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return acks;
    },
  };
}

/** mulberry32: the same mix of payloads on every run */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---- oversized packets before login ----

async function oversized(): Promise<Record<string, string | number>> {
  return withGateway([], async (gw) => {
    await sleep(1000); // past start-up's own growth
    const before = rssMiB(gw.pid);
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssMiB(gw.pid));
    }, 50);
    const header = Buffer.concat([Buffer.from([0x10]), remainingLength(ANNOUNCED_BYTES)]);
    const sent = await Promise.all(
      Array.from({ length: OVERSIZED_CONNECTIONS }, () => flood(gw.mqttPort, header)),
    );
    await sleep(2000);
    clearInterval(sampler);
    const after = rssMiB(gw.pid);
    const closed = await metricSum(gw.httpPort, "milkguard_mqtt_connections_closed_total");
    return {
      [`oversized: connections announcing 250 MB closed (of ${OVERSIZED_CONNECTIONS})`]: closed,
      "oversized: MiB sent before the gateway hung up": Math.round(sent.reduce((a, b) => a + b, 0) / 2 ** 20),
      "oversized: RSS growth MiB, peak (goal < 50)": Math.round(peak - before),
      "oversized: RSS growth MiB, 2 s after": Math.round(after - before),
    };
  });
}

/** Sends `header`, then filler until the gateway hangs up or OVERSIZED_SENDS_BYTES are out; returns bytes sent. */
async function flood(port: number, header: Buffer): Promise<number> {
  const socket = connect(port, "127.0.0.1");
  socket.on("error", () => {});
  let open = true;
  const gone = new Promise<void>((resolve) =>
    socket.once("close", () => {
      open = false;
      resolve();
    }),
  );
  await new Promise((resolve) => socket.once("connect", resolve));
  socket.write(header);
  const filler = Buffer.alloc(1024 * 1024, 0x41);
  let sent = 0;
  while (open && sent < OVERSIZED_SENDS_BYTES) {
    if (!socket.write(filler)) await Promise.race([new Promise((r) => socket.once("drain", r)), gone]);
    sent += filler.length;
  }
  socket.destroy();
  return sent;
}

/** MQTT's variable-length "remaining length" (at most 4 bytes of 7 bits). */
function remainingLength(n: number): Buffer {
  const out: number[] = [];
  let left = n;
  do {
    out.push((left % 128) | (left >= 128 ? 0x80 : 0));
    left = Math.floor(left / 128);
  } while (left > 0);
  return Buffer.from(out);
}

/** An MQTT 3.1.1 CONNECT with user name and password. */
function connectPacket(clientId: string, username: string, password: string): Buffer {
  const text = (s: string) => Buffer.concat([Buffer.from([0, Buffer.byteLength(s)]), Buffer.from(s)]);
  const body = Buffer.concat([
    text("MQTT"),
    Buffer.from([4, 0xc2, 0, 60]),
    text(clientId),
    text(username),
    text(password),
  ]);
  return Buffer.concat([Buffer.from([0x10]), remainingLength(body.length), body]);
}

function rssMiB(pid: number): number {
  const kB = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  return Number(kB) / 1024;
}

// ---- a lock on the database ----

async function lock(): Promise<Record<string, string | number>> {
  const id = "freezer-1";
  return withGateway([id], async (gw, dir) => {
    const client = await connectDevice(gw.mqttPort, id, gw.passwords[id] ?? "");
    await client.subscribeAsync(`milkguard/${id}/ack`, { qos: 1 });
    let sent = -1;
    let acked = -1;
    client.on("message", (_topic, payload) => {
      acked = Math.max(acked, (JSON.parse(payload.toString()) as { upTo: number }).upTo);
    });
    const baseS = Math.floor(Date.now() / 1000) - 3600;
    // like store-hostile.test.ts: two readings every 250 ms, not waiting for acks
    const send = () => {
      client.publish(`milkguard/${id}/readings`, readingsText(sent + 1, 2, baseS), { qos: 1 });
      sent += 2;
    };
    send();
    await waitFor(() => acked === sent, PATIENCE_MS);
    const sender = setInterval(send, 250);
    const holder = await holdWriteLock(join(dir, "milkguard.db"));
    const health = pollHealth(gw.httpPort);
    await holder.released;
    const polls = await health.stop();
    const releasedAt = performance.now();
    const caughtUp = await waitFor(() => acked === sent, PATIENCE_MS);
    const catchUpMs = performance.now() - releasedAt;
    clearInterval(sender);
    await waitFor(() => acked === sent, PATIENCE_MS);
    client.end(true);
    const db = new Database(join(dir, "milkguard.db"), { readonly: true });
    const stored = db.prepare("SELECT count(*) FROM readings WHERE device_id = ?").pluck().get(id) as number;
    db.close();
    return {
      [`lock ${LOCK_S} s: /healthz worst ms (goal < 1000)`]: Math.round(polls.worstMs),
      [`lock ${LOCK_S} s: /healthz polls (degraded 503, unanswered)`]: `${polls.polls} (${polls.statuses["503"] ?? 0}, ${polls.unanswered})`,
      [`lock ${LOCK_S} s: gateway alive after`]: gw.exited() ? "no" : "yes",
      [`lock ${LOCK_S} s: readings sent / stored / acked`]: `${sent + 1} / ${stored} / ${acked + 1}`,
      [`lock ${LOCK_S} s: all acked ms after release`]: caughtUp ? Math.round(catchUpMs) : "not within 10 s",
    };
  });
}

/** Another process takes the database's write lock (as store-hostile.test.ts does) for LOCK_S. */
async function holdWriteLock(dbFile: string): Promise<{ released: Promise<void> }> {
  const script = `
    const db = new (require("better-sqlite3"))(process.argv[1]);
    db.pragma("busy_timeout = 10000");
    db.exec("BEGIN EXCLUSIVE");
    console.log("locked");
    setTimeout(() => { db.exec("COMMIT"); db.close(); console.log("released"); }, ${LOCK_S * 1000});`;
  const child = spawn(process.execPath, ["-e", script, dbFile], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  const saw = (line: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => out.includes(line) && resolve();
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        check();
      });
      child.once("exit", () => (out.includes(line) ? resolve() : reject(new Error(`lock holder: ${out}`))));
    });
  const released = saw("released");
  await saw("locked");
  return { released };
}

// ---- kill -9 under load ----

async function kills(): Promise<Record<string, string | number>> {
  const ids = Array.from({ length: LOAD_DEVICES }, (_, i) => `load-${i}`);
  const dir = mkdtempSync(join(tmpdir(), "mg-bench-kills-"));
  let gw = await startGateway(dir, ids);
  const passwords = gw.passwords;
  const perDevice = LOAD_READINGS / LOAD_DEVICES;
  const baseS = Math.floor(Date.now() / 1000) - perDevice - 600;
  const acked = ids.map(() => -1);
  const ackedTotal = () => acked.reduce((sum, upTo) => sum + upTo + 1, 0);
  // Each device sends like the firmware: a batch, its ack, the next; after a lost connection it
  // logs in again and sends from after its last ack (what it has not been told is stored).
  const device = async (id: string, i: number) => {
    while ((acked[i] ?? 0) < perDevice - 1) {
      const client = await connectDevice(gw.mqttPort, id, passwords[id] ?? "").catch(() => undefined);
      if (!client) {
        await sleep(100);
        continue;
      }
      await client.subscribeAsync(`milkguard/${id}/ack`, { qos: 1 }).catch(() => {});
      for (let upTo = 0; upTo >= 0 && (acked[i] ?? 0) < perDevice - 1; ) {
        const first = (acked[i] ?? 0) + 1;
        const ack = nextAck(client);
        client.publish(
          `milkguard/${id}/readings`,
          readingsText(first, Math.min(MAX_READINGS_PER_BATCH, perDevice - first), baseS),
          { qos: 1 },
        );
        upTo = await ack;
        acked[i] = Math.max(acked[i] ?? 0, upTo);
      }
      client.end(true);
    }
  };
  const started = performance.now();
  const sending = Promise.all(ids.map(device));
  try {
    for (let k = 1; k <= KILLS; k++) {
      if (!(await waitFor(() => ackedTotal() >= (k * LOAD_READINGS) / (KILLS + 1), 60_000)))
        throw new Error(`readings stopped being acked before kill ${k}`);
      await gw.kill();
      gw = await startGateway(dir, ids);
    }
    await sending;
    const seconds = (performance.now() - started) / 1000;
    const db = new Database(join(dir, "milkguard.db"), { readonly: true });
    const storedUpTo = db.prepare("SELECT count(*) FROM readings WHERE device_id = ? AND seq <= ?").pluck();
    const missing = ids.reduce(
      (sum, id, i) => sum + (acked[i] ?? 0) + 1 - (storedUpTo.get(id, acked[i]) as number),
      0,
    );
    const stored = db.prepare("SELECT count(*) FROM readings").pluck().get() as number;
    db.close();
    return {
      [`kills: readings acked through ${KILLS} kill -9s (${LOAD_DEVICES} devices)`]: ackedTotal(),
      "kills: readings stored": stored,
      "kills: acked but missing (goal 0)": missing,
      "kills: readings/s, restarts included": Math.round(ackedTotal() / seconds),
    };
  } finally {
    await gw.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---- a gateway in its own process, a /healthz poller in another, and what the parts share ----

interface ChildGateway {
  mqttPort: number;
  httpPort: number;
  /** passwords of the devices this start provisioned */
  passwords: Record<string, string>;
  pid: number;
  exited(): boolean;
  kill(): Promise<void>;
}

/** Starts gateway-child.ts on `dir`; resolves once it prints its ports. */
function startGateway(dir: string, deviceIds: string[]): Promise<ChildGateway> {
  const child = spawn(process.execPath, ["--import", "tsx", CHILD, dir, ...deviceIds], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let exited = false;
  const gone = new Promise<void>((resolve) =>
    child.once("exit", () => {
      exited = true;
      resolve();
    }),
  );
  const kill = async () => {
    if (!exited) child.kill("SIGKILL");
    await gone;
  };
  let out = "";
  let err = "";
  child.stderr.on("data", (chunk: Buffer) => {
    err += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const [line] = out.split("\n");
      if (!out.includes("\n") || !line) return;
      const ready = JSON.parse(line) as Pick<ChildGateway, "mqttPort" | "httpPort" | "passwords">;
      resolve({ ...ready, pid: child.pid ?? 0, exited: () => exited, kill });
    });
    void gone.then(() => reject(new Error(`gateway exited: ${err}`)));
  });
}

async function withGateway<T>(
  deviceIds: string[],
  work: (gw: ChildGateway, dir: string) => Promise<T>,
): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "mg-bench-hostile-"));
  const gw = await startGateway(dir, deviceIds);
  try {
    return await work(gw, dir);
  } finally {
    await gw.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface HealthPolls {
  polls: number;
  worstMs: number;
  unanswered: number;
  statuses: Record<string, number>;
}

/** A process that polls /healthz every HEALTHZ_EVERY_MS until its stdin closes, then prints what it saw. */
function pollHealth(httpPort: number): { stop(): Promise<HealthPolls> } {
  const script = `
    const [url, everyMs, patienceMs] = process.argv.slice(1).map((a, i) => (i === 0 ? a : +a));
    const seen = { polls: 0, worstMs: 0, unanswered: 0, statuses: {} };
    let running = true;
    process.stdin.on("end", () => { running = false; }).resume();
    (async () => {
      while (running) {
        const t0 = performance.now();
        try {
          const res = await fetch(url, { signal: AbortSignal.timeout(patienceMs) });
          await res.arrayBuffer();
          seen.statuses[res.status] = (seen.statuses[res.status] || 0) + 1;
        } catch { seen.unanswered++; }
        const ms = performance.now() - t0;
        seen.polls++; seen.worstMs = Math.max(seen.worstMs, ms);
        await new Promise((r) => setTimeout(r, Math.max(0, everyMs - ms)));
      }
      process.stdout.write(JSON.stringify(seen));
    })();`;
  const url = `http://127.0.0.1:${httpPort}/healthz`;
  const args = [url, String(HEALTHZ_EVERY_MS), String(PATIENCE_MS)];
  const child = spawn(process.execPath, ["-e", script, ...args], { stdio: ["pipe", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString();
  });
  const done = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    stop: async () => {
      child.stdin.end();
      await done;
      return JSON.parse(out) as HealthPolls;
    },
  };
}

async function connectDevice(port: number, id: string, password: string): Promise<MqttClient> {
  const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, {
    ...{ username: id, password, clientId: id, reconnectPeriod: 0, connectTimeout: PATIENCE_MS },
  });
  client.on("error", () => {}); // the gateway closing a connection is part of the run
  return client;
}

/** The next ack's upTo; -1 when the connection closes or none comes within PATIENCE_MS. */
function nextAck(client: MqttClient): Promise<number> {
  return new Promise((resolve) => {
    const onMessage = (topic: string, payload: Buffer) => {
      if (topic.endsWith("/ack")) finish((JSON.parse(payload.toString()) as { upTo: number }).upTo);
    };
    const onClose = () => finish(-1);
    const timer = setTimeout(onClose, PATIENCE_MS);
    const finish = (upTo: number) => {
      clearTimeout(timer);
      client.off("message", onMessage);
      client.off("close", onClose);
      resolve(upTo);
    };
    client.on("message", onMessage);
    client.on("close", onClose);
  });
}

/** `count` readings from `first`, each stamped `baseS + seq`. */
function readingsText(first: number, count: number, baseS: number): string {
  const r = Array.from({ length: count }, (_, i) => ({ s: first + i, t: baseS + first + i, c: -19 }));
  return JSON.stringify({ v: 1, boot: 1, up: 100, r });
}

/** Sum of every labelled series of a counter on /metrics. */
async function metricSum(httpPort: number, name: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text();
  return text
    .split("\n")
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .reduce((sum, line) => sum + Number(line.split(" ").at(-1)), 0);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(condition: () => boolean, withinMs: number): Promise<boolean> {
  const until = performance.now() + withinMs;
  while (!condition()) {
    if (performance.now() > until) return false;
    await sleep(20);
  }
  return true;
}

// `npx tsx bench/hostile.ts` runs this part alone.
if (process.argv[1] === fileURLToPath(import.meta.url)) console.table(await run());
