// The gateway against hostile devices and a hostile disk (issue 10), each part on a real gateway in a
// process of its own (hostile-rig.ts), /healthz polled every 20 ms from another process:
// - fuzz: mixed malformed payloads over MQTT, logged in and not, while a canary device keeps sending
//   (hostile-fuzz.ts);
// - oversized: 20 connections, before any login, each announcing a 250 MB CONNECT;
// - lock: another process holds the SQLite file's write lock for 12 s while a device sends;
// - kills: devices send readings while the gateway is killed with SIGKILL 8 times.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { MAX_READINGS_PER_BATCH } from "../shared/protocol/limits.js";
import { fuzz } from "./hostile-fuzz.js";
import {
  connectDevice,
  metricSum,
  nextAck,
  PATIENCE_MS,
  pollHealth,
  ROOT,
  readingsText,
  remainingLength,
  sleep,
  startGateway,
  waitFor,
  withGateway,
} from "./hostile-rig.js";

const OVERSIZED_CONNECTIONS = 20;
/** what the issue measured: CONNECT packets announcing 250 MB each, before any login */
const ANNOUNCED_BYTES = 250_000_000;
/** what each oversized connection tries to send of its packet: 320 MiB in all if the gateway read it */
const OVERSIZED_SENDS_BYTES = 16 * 1024 * 1024;
const LOCK_S = 12;
const KILLS = 8;
const LOAD_DEVICES = 20;
const LOAD_READINGS = 500_000;

export async function run(): Promise<Record<string, string | number>> {
  return { ...(await fuzz()), ...(await oversized()), ...(await lock()), ...(await kills()) };
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
  child.stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString();
  });
  const saw = (line: string) =>
    new Promise<void>((resolve, reject) => {
      child.stdout.on("data", () => out.includes(line) && resolve());
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
    while ((acked[i] ?? -1) < perDevice - 1) {
      const client = await connectDevice(gw.mqttPort, id, passwords[id] ?? "").catch(() => undefined);
      if (!client) {
        await sleep(100);
        continue;
      }
      await client.subscribeAsync(`milkguard/${id}/ack`, { qos: 1 }).catch(() => {});
      for (let upTo = 0; upTo >= 0 && (acked[i] ?? -1) < perDevice - 1; ) {
        const first = (acked[i] ?? -1) + 1;
        const ack = nextAck(client);
        client.publish(
          `milkguard/${id}/readings`,
          readingsText(first, Math.min(MAX_READINGS_PER_BATCH, perDevice - first), baseS),
          { qos: 1 },
        );
        upTo = await ack;
        acked[i] = Math.max(acked[i] ?? -1, upTo);
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
      (sum, id, i) => sum + (acked[i] ?? -1) + 1 - (storedUpTo.get(id, acked[i]) as number),
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

// `npx tsx bench/hostile.ts` runs this part alone.
if (process.argv[1] === fileURLToPath(import.meta.url)) console.table(await run());
