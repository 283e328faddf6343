// A reconnect storm against the real gateway, three processes besides the caller: the gateway
// (gateway-child.ts), the devices (storm-devices.ts) and a /healthz poller (health-poller.ts). Used by
// the CI-sized test (storm.test.ts) and by `npm run bench -- scale`.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { build } from "esbuild";
import { SESSIONS_REFUSED } from "../../../gateway/broker/admission.js";
import { type CpuTime, countCpu } from "./cpu-time.js";
import type { HealthReport } from "./health-poller.js";
import type { StormReport } from "./storm-devices.js";

const HERE = fileURLToPath(new URL(".", import.meta.url));
const PASSWORD = "storm-password";
const FIRMWARE_BACKOFF = { minS: 2, maxS: 300 };

export interface StormOptions {
  devices: number;
  readingsPerDevice: number;
  /** the gateway's `mqtt` settings besides its address */
  mqtt?: Record<string, unknown>;
  /** the devices' reconnect back-off, seconds; default the firmware's example (devices/example.json) */
  backoff?: { minS: number; maxS: number };
  /** when the storm is given up as not drained */
  giveUpMs: number;
}

export interface StormResult {
  /** the gateway exited during the storm: its last words, and when */
  crash: string | null;
  /** what the devices saw, by the end or by when the storm was given up on (null: their process died) */
  devices: StormReport | null;
  sent: number;
  stored: number;
  health: HealthReport;
  /** CONNECTs the gateway counted as refused by its admission control (null: it had died) */
  sessionsRefused: number | null;
  /** the gateway's peak resident memory (VmHWM), MiB */
  peakRssMiB: number;
  /** the CPU the gateway and the devices' process used from the storm's start to its end (null: not Linux, or a crash) */
  cpu: { gateway: CpuTime; devicesS: number } | null;
}

export async function runStorm(o: StormOptions): Promise<StormResult> {
  const dir = mkdtempSync(join(tmpdir(), "mg-storm-"));
  const settings = o.mqtt ? [JSON.stringify({ mqtt: o.mqtt })] : [];
  const gateway = await startGateway([dir, String(o.devices), PASSWORD, ...settings]);
  try {
    const ports = JSON.parse(await firstLine(gateway)) as { mqttPort: number; httpPort: number };
    const poller = start("health-poller.ts", [`http://127.0.0.1:${ports.httpPort}/healthz`]);
    const stormAt = performance.now();
    const backoff = o.backoff ?? FIRMWARE_BACKOFF;
    const storm = start("storm-devices.ts", [
      ...[String(ports.mqttPort), PASSWORD, String(o.devices), String(o.readingsPerDevice)],
      ...[String(backoff.minS), String(backoff.maxS)],
    ]);
    const rss = watchPeakRss(gateway.pid ?? 0);
    const gatewayCpu = countCpu(gateway.pid ?? 0);
    const devicesCpu = countCpu(storm.pid ?? 0);
    let crashAfterS = 0;
    const crashed = exited(gateway).then(() => {
      crashAfterS = Math.round((performance.now() - stormAt) / 1000);
      return null;
    });
    const drained = firstLine(storm).then((line) => JSON.parse(line) as StormReport);
    const gaveUp = new Promise<null>((resolve) => setTimeout(resolve, o.giveUpMs, null).unref());
    const ended = await Promise.race([drained, crashed, gaveUp]).catch(() => null);
    // given up on or crashed: the devices say how far they got
    if (ended === null) storm.stdin?.write("report\n");
    const devices = await drained.catch(() => null);
    const cpu = { gateway: gatewayCpu.stop(), devices: devicesCpu.stop() };
    poller.stdin?.end();
    const health = JSON.parse(await firstLine(poller)) as HealthReport;
    const alive = gateway.exitCode === null && gateway.signalCode === null;
    const crash = alive ? null : `${lastWords(gateway)}, after ${crashAfterS} s`;
    const peakRssMiB = rss.stop();
    const sessionsRefused = crash === null ? await counter(ports.httpPort, SESSIONS_REFUSED[0]) : null;
    storm.stdin?.end();
    await exited(storm);
    gateway.kill("SIGKILL");
    await exited(gateway);
    const sent = o.devices * o.readingsPerDevice;
    return {
      ...{ crash, devices, sent, stored: storedReadings(dir), health, sessionsRefused, peakRssMiB },
      cpu: cpu.gateway && cpu.devices ? { gateway: cpu.gateway, devicesS: cpu.devices.processS } : null,
    };
  } finally {
    gateway.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
}

function start(script: string, args: string[]): ChildProcess {
  return spawnWithStderr(["--import", "tsx", join(HERE, script), ...args]);
}

export interface GatewayPorts {
  mqttPort: number;
  httpPort: number;
}

export interface GatewayProcessOptions {
  /** devices provisioned, each with `password` (and the staff user "staff" with it too) */
  count: number;
  password: string;
  /** a data folder to run on and keep; by default a fresh one, deleted after */
  dataDir?: string;
  /** the gateway's `mqtt` and `http` settings besides their defaults (loopback, any free port) */
  settings?: { mqtt?: object; http?: object };
}

/** Runs `work` against the gateway of gateway-child.ts, then stops it. */
export async function withGatewayProcess<T>(
  o: GatewayProcessOptions,
  work: (ports: GatewayPorts, gateway: ChildProcess) => Promise<T>,
): Promise<T> {
  const dir = o.dataDir ?? mkdtempSync(join(tmpdir(), "mg-gateway-"));
  const gateway = await startGateway([dir, String(o.count), o.password, JSON.stringify(o.settings ?? {})]);
  try {
    return await work(JSON.parse(await firstLine(gateway)) as GatewayPorts, gateway);
  } finally {
    // a clean exit, so that a profile asked for in GATEWAY_NODE_FLAGS (--cpu-prof) is written
    gateway.kill("SIGTERM");
    await exited(gateway);
    if (!o.dataDir) rmSync(dir, { recursive: true, force: true });
  }
}

/** where the bundled gateway-child goes: beside the packages it imports */
const BUNDLE = join(HERE, "../../../node_modules/.cache/milkguard/gateway-child.mjs");
let bundled: Promise<unknown> | undefined;

/**
 * The gateway of gateway-child.ts, bundled to JavaScript once per process and run on plain node, as
 * `npm start` runs it: through tsx its memory held the loader's ~40 MiB too.
 */
export async function startGateway(args: string[]): Promise<ChildProcess> {
  bundled ??= build({
    entryPoints: [join(HERE, "gateway-child.ts")],
    ...{ bundle: true, platform: "node", format: "esm", packages: "external", outfile: BUNDLE },
    logLevel: "silent",
  });
  await bundled;
  // node flags for the gateway alone, such as a heap limit (docs/scaling.md)
  const flags = process.env.GATEWAY_NODE_FLAGS?.split(" ").filter(Boolean) ?? [];
  return spawnWithStderr([...flags, "--expose-gc", BUNDLE, ...args]);
}

function spawnWithStderr(args: string[]): ChildProcess {
  const child = spawn(process.execPath, args, { stdio: ["pipe", "pipe", "pipe"] });
  let err = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    err = (err + chunk.toString()).slice(-4000);
  });
  errors.set(child, () => err);
  return child;
}

const errors = new WeakMap<ChildProcess, () => string>();

function lastWords(child: ChildProcess): string {
  const err = errors.get(child)?.() ?? "";
  const error = /^\w*Error: .*$/m.exec(err)?.[0];
  return error ?? `exit ${child.exitCode ?? child.signalCode}`;
}

/** The next line the child writes on stdout from now on; rejects when it exits first. */
export function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const end = out.indexOf("\n");
      if (end >= 0) resolve(out.slice(0, end));
    });
    child.once("exit", () =>
      reject(new Error(`${child.spawnargs.slice(1, 4).join(" ")} exited: ${lastWords(child)}`)),
    );
  });
}

/** Resolves once the child has exited (at once if it already has). */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

/** The process's peak resident memory (VmHWM), read every half second so a crash keeps the last. */
function watchPeakRss(pid: number): { stop(): number } {
  let peakMiB = 0;
  const read = () => {
    try {
      const kB = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
      peakMiB = Math.max(peakMiB, Math.round(Number(kB) / 1024));
    } catch {
      // the process is gone: its last reading stands
    }
  };
  const timer = setInterval(read, 500);
  return {
    stop: () => {
      clearInterval(timer);
      read();
      return peakMiB;
    },
  };
}

async function counter(httpPort: number, name: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith(`${name} `));
  return line === undefined ? 0 : Number(line.split(" ")[1]);
}

/** Readings on disk; (device, seq) is the table's primary key, so none can be there twice. */
function storedReadings(dir: string): number {
  const db = new Database(join(dir, "milkguard.db"), { readonly: true });
  try {
    return db.prepare("SELECT count(*) FROM readings").pluck().get() as number;
  } finally {
    db.close();
  }
}
