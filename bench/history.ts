// A year of history (issue 17): one freezer with a year of 1-minute readings (525,600, through the
// store's write() in 5,000-reading batches, as a device's backlog would come) and a bag in it since
// the start, then the real gateway on that file, each request timed over HTTP while another process
// polls /healthz every 20 ms. Prints per request the time of each run and the worst /healthz during
// it; a bag's first curve (no checkpoints yet) apart from the next ones. Also the write rate and the
// file's bytes per reading: of that year alone, of a year of two units with a probe each, and with the
// bag's checkpoints. Runs alone: npx tsx bench/history.ts
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { build } from "../gateway/app.js";
import { hashPassword } from "../gateway/auth/passwords.js";
import { validateConfig } from "../gateway/config/load.js";
import { DOMAIN, knownIds } from "../gateway/engine/domain.js";
import { createLogger } from "../gateway/log.js";
import { openSqliteStores, type SqliteStores } from "../gateway/store/open-store.js";
import type { StoredReading } from "../gateway/store/readings-store.js";

const MIN = 60_000;
const DAY = 1440 * MIN;
const END = Date.UTC(2026, 10, 1);
const START = END - 365 * DAY;
const UNIT = "bank-freezer-1";
const BAG = "bag-12-months";
const RUNS = 3;
const PASSWORD = "bench staff password";

/** -20 °C in DS18B20 steps, with a warm hour every 9 days (over the warning limit) */
const tempAt = (i: number) =>
  Math.floor(i / 1440) % 9 === 4 && i % 1440 < 60 ? -12 : -20 + (i % 5) * 0.0625;

async function writeYear(path: string): Promise<{ perS: number; count: number }> {
  const stores = openSqliteStores(path);
  stores.site.units.put({ id: UNIT, name: "Bank freezer 1", profileId: "bank-freezer", createdAtMs: START });
  stores.site.batches.put({
    id: BAG,
    code: "K7Q-4MY",
    label: "A bag stored 12 months",
    volumeMl: 120,
    container: "flat-bag",
    expressedAtMs: START - DAY,
    purpose: "donation",
    processing: "raw",
    unitId: UNIT,
    thaw: { milkTempC: -20, iceFraction: 1, phase: "frozen", frozenAtMs: START, lastUpdateMs: START },
    createdAtMs: START,
  });
  stores.site.users.put({
    ...{ id: "staff", name: "staff", displayName: "Staff", role: "staff" },
    passwordHash: await hashPassword(PASSWORD),
  });
  const started = performance.now();
  const count = await writeReadings(stores, [UNIT]);
  const perS = Math.round(count / ((performance.now() - started) / 1000));
  stores.close();
  return { perS, count };
}

/** a year of 1-minute readings of each unit, from one probe each, in 5,000-reading writes */
async function writeReadings(stores: SqliteStores, units: string[]): Promise<number> {
  const perUnit = (END - START) / MIN;
  for (let first = 0; first < perUnit; first += 5000) {
    const batch: StoredReading[] = [];
    for (const [u, unitId] of units.entries()) {
      for (let i = first; i < Math.min(perUnit, first + 5000); i++) {
        batch.push({
          deviceId: `probe-${u + 1}`,
          unitId,
          seq: i + 1,
          timeMs: START + i * MIN,
          tempC: tempAt(i),
        });
      }
    }
    await stores.readings.write(batch);
  }
  return perUnit * units.length;
}

async function bytesOfTwoUnits(dir: string): Promise<number> {
  const path = join(dir, "two-units.db");
  const stores = openSqliteStores(path);
  const count = await writeReadings(stores, [UNIT, "bank-freezer-2"]);
  stores.close();
  return bytesPerReading(path, count);
}

function bytesPerReading(path: string, count: number): number {
  const db = new Database(path);
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  return Math.round(statSync(path).size / count);
}

/**
 * Polls /healthz every 20 ms from a process of its own until stopped; `worstMs` is the slowest poll
 * that overlapped [fromMs, toMs) (wall clock), so the poller's own first, slower poll is left out.
 */
function pollHealthz(port: number): { stop(fromMs: number, toMs: number): Promise<number> } {
  const script = `
    const url = process.argv[1];
    const polls = [];
    let running = true;
    process.stdin.on("end", () => { running = false; }).resume();
    (async () => {
      while (running) {
        const at = Date.now();
        const t0 = performance.now();
        try { await (await fetch(url, { signal: AbortSignal.timeout(10000) })).arrayBuffer(); } catch {}
        const ms = performance.now() - t0;
        polls.push([at, ms]);
        await new Promise((r) => setTimeout(r, Math.max(0, 20 - ms)));
      }
      process.stdout.write(JSON.stringify(polls));
    })();`;
  const child = spawn(process.execPath, ["-e", script, `http://127.0.0.1:${port}/healthz`], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString();
  });
  const done = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    stop: async (fromMs, toMs) => {
      child.stdin.end();
      await done;
      const polls = JSON.parse(out) as [number, number][];
      return Math.max(0, ...polls.filter(([at, ms]) => at < toMs && at + ms >= fromMs).map(([, ms]) => ms));
    },
  };
}

interface Timed {
  ms: number[];
  healthWorstMs: number[];
}

export async function run(): Promise<Record<string, string | number>> {
  const dir = mkdtempSync(join(tmpdir(), "mg-bench-history-"));
  try {
    const file = join(dir, "milkguard.db");
    const { perS, count } = await writeYear(file);
    const yearBytes = bytesPerReading(file, count);
    const loaded = validateConfig(
      {
        dataDir: dir,
        mqtt: { host: "127.0.0.1", port: 0 },
        http: { host: "127.0.0.1", port: 0 },
        log: { level: "silent" },
      },
      knownIds(DOMAIN),
    );
    if (!loaded.ok) throw new Error(loaded.errors.join("\n"));
    const opened = performance.now();
    const gw = await build({ config: loaded.config, domain: DOMAIN, log: createLogger("silent") });
    await gw.start();
    const startMs = Math.round(performance.now() - opened);
    const figures: Record<string, string | number> = {
      "a year of 1-minute readings written, readings/s": perS,
      "gateway start on that file, ms": startMs,
      "file bytes per reading, that year": yearBytes,
      "file bytes per reading, a year of 2 units with a probe each": await bytesOfTwoUnits(dir),
    };
    try {
      const base = `http://127.0.0.1:${gw.httpPort}`;
      const login = await fetch(`${base}/api/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: "staff", password: PASSWORD }),
      });
      const { data } = (await login.json()) as { data: { token: string } };
      const timed = async (path: string, runs = RUNS): Promise<Timed> => {
        const out: Timed = { ms: [], healthWorstMs: [] };
        for (let i = 0; i < runs; i++) {
          const poller = pollHealthz(gw.httpPort);
          await new Promise((resolve) => setTimeout(resolve, 300));
          const fromMs = Date.now();
          const t0 = performance.now();
          const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${data.token}` } });
          await res.arrayBuffer();
          out.ms.push(Math.round(performance.now() - t0));
          if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
          out.healthWorstMs.push(Math.round(await poller.stop(fromMs, Date.now())));
        }
        return out;
      };
      const chart = (days: number) => `/api/units/${UNIT}/readings?from=${END - days * DAY}&to=${END}`;
      const daily = (format: string) =>
        `/api/reports/daily?unitId=${UNIT}&from=${END - 400 * DAY}&to=${END}&format=${format}`;
      const curve = (fromMs: number) => `/api/batches/${BAG}/thaw?from=${fromMs}&to=${END}`;
      const requests: [string, string, number?][] = [
        ["unit chart, 1 day", chart(1)],
        ["unit chart, 30 days", chart(30)],
        ["unit chart, the year", chart(365)],
        ["daily report JSON, 400 days", daily("json")],
        ["daily report CSV, 400 days", daily("csv")],
        ["bag's thaw curve, the last day: first", curve(END - DAY), 1],
        ["bag's thaw curve, the last day", curve(END - DAY)],
        ["bag's thaw curve, the year", curve(START)],
      ];
      for (const [name, path, runs] of requests) {
        const t = await timed(path, runs);
        figures[`${name}: ms`] = t.ms.join(", ");
        figures[`${name}: /healthz worst ms`] = t.healthWorstMs.join(", ");
      }
    } finally {
      await gw.close();
    }
    figures["file bytes per reading (all tables, after the curves)"] = bytesPerReading(file, count);
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.table(await run());
