// The store turned hostile under the real gateway (build(): aedes over TCP, the real SQLite file, the
// rules): another process holds the database's write lock for 12 s, or the disk fills up, while a
// device keeps sending. The gateway must stay up, /healthz must keep answering and say the store is
// degraded (why, since when), no reading may be acked before it is in the file, and once the lock or
// the space is back every reading is stored and acked without anyone restarting anything.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, unlinkSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import mqtt, { type MqttClient } from "mqtt";
import { afterEach, describe, expect, it } from "vitest";
import { build, type Gateway } from "../../../gateway/app.js";
import { validateConfig } from "../../../gateway/config/load.js";
import { DOMAIN, knownIds } from "../../../gateway/engine/domain.js";
import { createLogger } from "../../../gateway/log.js";

const LOCK_S = 12;
const DEVICE = "freezer-1";
/** generous: the issue's goal is < 1 s; the old code's polls waited 5 s and more */
const HEALTHZ_ANSWER_MS = 2_000;

/** what the gateways logged at warn and above */
const logged: string[] = [];
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  logged.length = 0;
});

/** The gateway's clock runs `ahead.ms` before the real one, so a test can let hours pass. */
async function startGateway(dataDir: string, ahead = { ms: 0 }): Promise<Gateway> {
  const loaded = validateConfig(
    {
      dataDir,
      mqtt: { host: "127.0.0.1", port: 0 },
      http: { host: "127.0.0.1", port: 0 },
      log: { level: "silent" },
      // the rules tick and their state is saved every second, so both fall inside the outage
      engine: { saveEverySeconds: 1, tickSeconds: 1 },
    },
    knownIds(DOMAIN),
  );
  if (!loaded.ok) throw new Error(loaded.errors.join("\n"));
  const clock = { now: () => Date.now() + ahead.ms };
  const log = createLogger("warn", "gateway", (line) => logged.push(line));
  const gw = await build({ config: loaded.config, domain: DOMAIN, log, clock });
  await gw.start();
  cleanups.push(() => gw.close());
  return gw;
}

/** A device that sends a batch of two readings every 250 ms without waiting for acks, and records each ack. */
class Device {
  sent = -1;
  ackedUpTo = -1;
  /** acks whose readings were not all in the file when the ack arrived */
  ackedNotStored: number[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly startS = Math.floor(Date.now() / 1000);

  private constructor(
    private readonly client: MqttClient,
    private readonly storedUpTo: (upTo: number) => number,
  ) {
    client.on("message", (_topic, payload) => {
      const { upTo } = JSON.parse(payload.toString()) as { upTo: number };
      if (this.storedUpTo(upTo) !== upTo + 1) this.ackedNotStored.push(upTo);
      this.ackedUpTo = Math.max(this.ackedUpTo, upTo);
    });
  }

  static async connect(gw: Gateway, dbFile: string): Promise<Device> {
    gw.site.units.put({
      id: "unit-1",
      name: "Chest freezer",
      profileId: "home-freezer",
      createdAtMs: Date.now(),
    });
    const { password } = gw.devices.create({ id: DEVICE, unitId: "unit-1" }, "test");
    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${gw.mqttPort}`, {
      username: DEVICE,
      password,
      clientId: DEVICE,
      reconnectPeriod: 0,
    });
    await client.subscribeAsync(`milkguard/${DEVICE}/ack`, { qos: 1 });
    // A second connection sees only what is committed, even while another process holds the write lock.
    const reader = new Database(dbFile, { readonly: true });
    const count = reader.prepare("SELECT count(*) FROM readings WHERE device_id = ? AND seq <= ?").pluck();
    const device = new Device(client, (upTo) => count.get(DEVICE, upTo) as number);
    cleanups.push(async () => {
      device.stop();
      await client.endAsync();
      reader.close();
    });
    return device;
  }

  status(state: "online" | "offline"): Promise<unknown> {
    return this.client.publishAsync(`milkguard/${DEVICE}/status`, JSON.stringify({ v: 1, state }), {
      qos: 1,
    });
  }

  send(): void {
    const r = [1, 2].map(() => {
      this.sent += 1;
      return { s: this.sent, t: this.startS + this.sent, c: -19 };
    });
    void this.client.publishAsync(
      `milkguard/${DEVICE}/readings`,
      JSON.stringify({ v: 1, boot: 1, up: 100, r }),
      {
        qos: 1,
      },
    );
  }

  start(): void {
    this.timer = setInterval(() => this.send(), 250);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  async allAcked(withinMs: number): Promise<boolean> {
    return waitFor(() => this.ackedUpTo === this.sent, withinMs);
  }
}

interface Poll {
  latencyMs: number;
  /** undefined when it did not answer in time */
  httpStatus?: number;
  store?: { ok: boolean; reason?: string; sinceMs?: number };
}

/** Polls /healthz one request after the other until stopped, timing each answer. */
function pollHealth(gw: Gateway): { stop(): Promise<Poll[]> } {
  const polls: Poll[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      const poll: Poll = { latencyMs: 0 };
      try {
        const res = await fetch(`http://127.0.0.1:${gw.httpPort}/healthz`, {
          signal: AbortSignal.timeout(HEALTHZ_ANSWER_MS),
        });
        poll.httpStatus = res.status;
        poll.store = ((await res.json()) as { data: { store: Poll["store"] } }).data.store;
      } catch {
        // not answered in time: recorded without a status
      }
      poll.latencyMs = performance.now() - started;
      polls.push(poll);
      await sleep(100);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return polls;
    },
  };
}

async function healthz(gw: Gateway) {
  const res = await fetch(`http://127.0.0.1:${gw.httpPort}/healthz`);
  return {
    httpStatus: res.status,
    body: (await res.json()) as { status: string; data: { store: Poll["store"] } },
  };
}

/** Another process takes the database's write lock and keeps it for `seconds`. */
async function holdWriteLock(dbFile: string, seconds: number): Promise<ChildProcess> {
  const script = `
    const db = new (require("better-sqlite3"))(process.argv[1]);
    db.pragma("busy_timeout = 10000");
    db.exec("BEGIN EXCLUSIVE");
    console.log("locked");
    setTimeout(() => { db.exec("COMMIT"); db.close(); console.log("released"); }, ${seconds * 1000});`;
  const child = spawn(process.execPath, ["-e", script, dbFile], { cwd: process.cwd(), stdio: "pipe" });
  cleanups.push(() => void child.kill("SIGKILL"));
  await lineFrom(child, "locked");
  return child;
}

function lineFrom(child: ChildProcess, line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes(line)) resolve();
    });
    child.once("exit", (code) => reject(new Error(`lock holder exited (${code}) before "${line}": ${out}`)));
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(condition: () => boolean, withinMs: number): Promise<boolean> {
  const until = Date.now() + withinMs;
  while (!condition()) {
    if (Date.now() > until) return false;
    await sleep(50);
  }
  return true;
}

function degraded(polls: Poll[]): Poll[] {
  return polls.filter((p) => p.httpStatus === 503 && p.store?.ok === false);
}

describe("a hostile store under the real gateway", () => {
  it("another process holding the database lock for 12 s: the gateway stays up, says degraded, acks nothing unstored, and stores every reading after", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "mg-hostile-lock-"));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const dbFile = join(dataDir, "milkguard.db");
    const gw = await startGateway(dataDir);
    const device = await Device.connect(gw, dbFile);
    device.send();
    expect(await device.allAcked(5_000)).toBe(true);
    const ackedBeforeLock = device.ackedUpTo;

    device.start();
    const lock = await holdWriteLock(dbFile, LOCK_S);
    const health = pollHealth(gw);
    await lineFrom(lock, "released");
    const lockedPolls = await health.stop();
    const sentWhileLocked = device.sent;

    expect(await device.allAcked(10_000)).toBe(true);
    device.stop();
    await sleep(300);
    expect(await device.allAcked(5_000)).toBe(true);

    const worstMs = Math.max(...lockedPolls.map((p) => p.latencyMs));
    console.log(
      `/healthz during a ${LOCK_S} s lock: ${lockedPolls.length} polls, worst ${worstMs.toFixed(0)} ms, ` +
        `${lockedPolls.filter((p) => p.httpStatus === undefined).length} unanswered`,
    );
    expect(lockedPolls.filter((p) => p.httpStatus === undefined)).toEqual([]);
    const seenDegraded = degraded(lockedPolls);
    expect(seenDegraded.length).toBeGreaterThan(0);
    expect(seenDegraded[0]?.store?.reason).toMatch(/locked|busy/i);
    expect(seenDegraded[0]?.store?.sinceMs).toBeTypeOf("number");
    expect(sentWhileLocked).toBeGreaterThan(ackedBeforeLock + 20);
    expect(device.ackedNotStored).toEqual([]);
    const after = await healthz(gw);
    expect(after.httpStatus).toBe(200);
    expect(after.body.data.store?.ok).toBe(true);
    expect(gw.metrics.total("milkguard_store_write_failures_total")).toBeGreaterThan(0);
    // an outage is logged when it starts and when it ends, not once per write refused
    expect(logged.filter((line) => line.includes("[gateway/store]"))).toHaveLength(2);
    expect(logged.length).toBeLessThan(10);
    const stored = await gw.readings.range({ unitId: "unit-1", fromMs: 0, toMs: 4e12 });
    expect(stored.map((r) => r.seq).sort((a, b) => a - b)).toEqual(
      Array.from({ length: device.sent + 1 }, (_, i) => i),
    );
  }, 40_000);

  it("what the rules and a device change while the database is locked is written once it is released", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "mg-hostile-events-"));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const dbFile = join(dataDir, "milkguard.db");
    const ahead = { ms: 0 };
    const gw = await startGateway(dataDir, ahead);
    const device = await Device.connect(gw, dbFile);
    device.send();
    expect(await device.allAcked(5_000)).toBe(true);
    await sleep(1_500); // a tick and a save with the file free

    const lock = await holdWriteLock(dbFile, 5);
    // Hours pass on the gateway's clock with no reading: the next tick finds the sensor silent.
    ahead.ms = 12 * 3_600_000;
    await device.status("offline");
    await sleep(2_500);
    expect(gw.site.alerts.list({ unitId: "unit-1" })).toEqual([]);
    await lineFrom(lock, "released");

    const silent = () => gw.site.alerts.list({ unitId: "unit-1" }).filter((a) => a.kind === "sensor-silent");
    expect(await waitFor(() => silent().length === 1, 10_000)).toBe(true);
    expect(await waitFor(() => gw.site.devices.get(DEVICE)?.online === false, 5_000)).toBe(true);
  }, 30_000);

  const tmpfs = tryTmpfs();
  it.skipIf(!tmpfs.ok)(
    `a full disk under the data folder: the gateway stays up, says degraded, and catches up once there is space${tmpfs.ok ? "" : ` (skipped: ${tmpfs.reason})`}`,
    async () => {
      const mount = mkdtempSync(join(tmpdir(), "mg-hostile-disk-"));
      execFileSync("mount", ["-t", "tmpfs", "-o", "size=8m", "tmpfs", mount]);
      cleanups.push(() => {
        execFileSync("umount", [mount]);
        rmSync(mount, { recursive: true, force: true });
      });
      const dataDir = join(mount, "data");
      mkdirSync(dataDir);
      const dbFile = join(dataDir, "milkguard.db");
      const gw = await startGateway(dataDir);
      const device = await Device.connect(gw, dbFile);
      device.send();
      expect(await device.allAcked(5_000)).toBe(true);
      const ackedBeforeFull = device.ackedUpTo;

      const filler = fillDisk(join(mount, "filler"));
      device.start();
      const health = pollHealth(gw);
      await sleep(4_000);
      const fullPolls = await health.stop();
      const ackedWhileFull = device.ackedUpTo;
      unlinkSync(filler);

      expect(await device.allAcked(10_000)).toBe(true);
      device.stop();
      await sleep(300);
      expect(await device.allAcked(5_000)).toBe(true);

      expect(fullPolls.filter((p) => p.httpStatus === undefined)).toEqual([]);
      const seenDegraded = degraded(fullPolls);
      expect(seenDegraded.length).toBeGreaterThan(0);
      expect(seenDegraded[0]?.store?.reason).toMatch(/full/i);
      expect(ackedWhileFull).toBe(ackedBeforeFull);
      expect(device.ackedNotStored).toEqual([]);
      const after = await healthz(gw);
      expect(after.httpStatus).toBe(200);
      expect(after.body.data.store?.ok).toBe(true);
      const stored = await gw.readings.range({ unitId: "unit-1", fromMs: 0, toMs: 4e12 });
      expect(stored).toHaveLength(device.sent + 1);
    },
    40_000,
  );
});

/** Whether this machine lets the test mount a tmpfs (root, or a container with CAP_SYS_ADMIN). */
function tryTmpfs(): { ok: true } | { ok: false; reason: string } {
  const probe = mkdtempSync(join(tmpdir(), "mg-tmpfs-probe-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", probe], { stdio: "pipe" });
    execFileSync("umount", [probe]);
    return { ok: true };
  } catch (err) {
    return { ok: false, reason: `cannot mount a tmpfs here: ${String(err).split("\n")[0]}` };
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

/** Writes a file until the file system has no space left; returns its path. */
function fillDisk(path: string): string {
  const fd = openSync(path, "w");
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOSPC") throw err;
  }
  // the last partial page too
  try {
    for (;;) writeSync(fd, chunk, 0, 512);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOSPC") throw err;
  } finally {
    closeSync(fd);
  }
  return path;
}
