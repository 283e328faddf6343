// What the hostile bench's parts share: the real gateway in a process of its own
// (test/gateway/hostile/gateway-child.ts: build() as `npm start` makes it, so a crash is an exit,
// memory is that process's RSS and a kill -9 is a real one), a /healthz poller in another process (so
// the bench's own load cannot delay a poll), devices over mqtt.js, and raw MQTT bytes.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import mqtt, { type MqttClient } from "mqtt";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CHILD = join(ROOT, "test/gateway/hostile/gateway-child.ts");
const HEALTHZ_EVERY_MS = 20;
/** how long anything here waits for the gateway before it counts as not answering */
export const PATIENCE_MS = 10_000;

export interface ChildGateway {
  mqttPort: number;
  httpPort: number;
  /** passwords of the devices this start provisioned */
  passwords: Record<string, string>;
  pid: number;
  exited(): boolean;
  kill(): Promise<void>;
}

/** Starts gateway-child.ts on `dir`; resolves once it prints its ports. */
export function startGateway(dir: string, deviceIds: string[]): Promise<ChildGateway> {
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

export async function withGateway<T>(
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

export interface HealthPolls {
  polls: number;
  worstMs: number;
  unanswered: number;
  statuses: Record<string, number>;
}

/** A process that polls /healthz every HEALTHZ_EVERY_MS until its stdin closes, then prints what it saw. */
export function pollHealth(httpPort: number): { stop(): Promise<HealthPolls> } {
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

export async function connectDevice(port: number, id: string, password: string): Promise<MqttClient> {
  const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, {
    ...{ username: id, password, clientId: id, reconnectPeriod: 0, connectTimeout: PATIENCE_MS },
  });
  client.on("error", () => {}); // the gateway closing a connection is part of the run
  return client;
}

/** The next ack's upTo; -1 when the connection closes or none comes within PATIENCE_MS. */
export function nextAck(client: MqttClient): Promise<number> {
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
export function readingsText(first: number, count: number, baseS: number): string {
  const r = Array.from({ length: count }, (_, i) => ({ s: first + i, t: baseS + first + i, c: -19 }));
  return JSON.stringify({ v: 1, boot: 1, up: 100, r });
}

/** Sum of every labelled series of a counter on /metrics. */
export async function metricSum(httpPort: number, name: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text();
  return text
    .split("\n")
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .reduce((sum, line) => sum + Number(line.split(" ").at(-1)), 0);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function waitFor(condition: () => boolean, withinMs: number): Promise<boolean> {
  const until = performance.now() + withinMs;
  while (!condition()) {
    if (performance.now() > until) return false;
    await sleep(20);
  }
  return true;
}

/** MQTT's variable-length "remaining length" (at most 4 bytes of 7 bits). */
export function remainingLength(n: number): Buffer {
  const out: number[] = [];
  let left = n;
  do {
    out.push((left % 128) | (left >= 128 ? 0x80 : 0));
    left = Math.floor(left / 128);
  } while (left > 0);
  return Buffer.from(out);
}

/** An MQTT 3.1.1 CONNECT with user name and password. */
export function connectPacket(clientId: string, username: string, password: string): Buffer {
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
