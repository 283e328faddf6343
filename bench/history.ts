// A year and five years of history (issue 17): one freezer with 1-minute readings until the same day
// (525,600 and 2,628,000, through the store's write() in 5,000-reading batches, as a device's backlog
// would come) and a bag in it for the last 12 months, then the real gateway on that file in a process
// of its own as `npm start` runs it, each request timed over HTTP while another process polls /healthz
// every 20 ms. Prints per request the time of
// each run and the worst /healthz during it, for both sizes side by side with the goals, and the
// 5-year median over the 1-year one; a bag's first curve apart from the next ones. Also the write
// rate, the gateway's start and the file's bytes per reading. Runs alone: npx tsx bench/history.ts
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { openSqliteStores, type SqliteStores } from "../gateway/store/open-store.js";
import type { StoredReading } from "../gateway/store/readings-store.js";
import { withGatewayProcess } from "../test/gateway/scale/storm.js";
import { freePort } from "../test/servers/process.js";

const MIN = 60_000;
const DAY = 1440 * MIN;
const YEAR = 365 * DAY;
const END = Date.UTC(2026, 10, 1);
const UNIT = "bank-freezer-1";
const BAG = "bag-12-months";
const RUNS = 3;
const PASSWORD = "bench staff password";
/** readings per write, as a device's backlog would come (and the build of five years stays quick) */
const BATCH = 5000;

/** -20 °C in DS18B20 steps, with a warm hour every 9 days (over the warning limit) */
const tempAt = (i: number) =>
  Math.floor(i / 1440) % 9 === 4 && i % 1440 < 60 ? -12 : -20 + (i % 5) * 0.0625;

/** One freezer with `years` of 1-minute readings until END, and a bag in it for the last 12 months. */
async function writeHistory(path: string, years: number): Promise<{ perS: number; count: number }> {
  const startMs = END - years * YEAR;
  const bagInMs = END - YEAR;
  const stores = openSqliteStores(path);
  stores.site.units.put({
    id: UNIT,
    name: "Bank freezer 1",
    profileId: "bank-freezer",
    createdAtMs: startMs,
  });
  stores.site.batches.put({
    id: BAG,
    code: "K7Q-4MY",
    label: "A bag stored 12 months",
    volumeMl: 120,
    container: "flat-bag",
    expressedAtMs: bagInMs - DAY,
    purpose: "donation",
    processing: "raw",
    unitId: UNIT,
    thaw: { milkTempC: -20, iceFraction: 1, phase: "frozen", frozenAtMs: bagInMs, lastUpdateMs: bagInMs },
    createdAtMs: bagInMs,
  });
  const started = performance.now();
  const count = await writeReadings(stores, [UNIT], startMs, `${years} y`);
  const perS = Math.round(count / ((performance.now() - started) / 1000));
  stores.close();
  return { perS, count };
}

/** 1-minute readings of each unit from `startMs` to END, from one probe each, in BATCH-reading writes */
async function writeReadings(
  stores: SqliteStores,
  units: string[],
  startMs: number,
  label: string,
): Promise<number> {
  const perUnit = (END - startMs) / MIN;
  let saidPercent = -1;
  for (let first = 0; first < perUnit; first += BATCH) {
    const batch: StoredReading[] = [];
    for (const [u, unitId] of units.entries()) {
      for (let i = first; i < Math.min(perUnit, first + BATCH); i++) {
        batch.push({
          deviceId: `probe-${u + 1}`,
          unitId,
          seq: i + 1,
          timeMs: startMs + i * MIN,
          tempC: tempAt(i),
        });
      }
    }
    await stores.readings.write(batch);
    const percent = Math.floor((100 * (first + BATCH)) / perUnit / 10) * 10;
    if (percent > saidPercent) {
      process.stderr.write(
        `  ${label}: ${Math.min(100, percent)} % of ${perUnit * units.length} readings written\n`,
      );
      saidPercent = percent;
    }
  }
  return perUnit * units.length;
}

async function bytesOfTwoUnits(dir: string): Promise<number> {
  const path = join(dir, "two-units.db");
  const stores = openSqliteStores(path);
  const count = await writeReadings(stores, [UNIT, "bank-freezer-2"], END - YEAR, "2 units, 1 y");
  stores.close();
  return bytesPerReading(path, count);
}

function bytesPerReading(path: string, count: number): number {
  const db = new Database(path);
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  return Math.round(statSync(path).size / count);
}

/** what the /healthz poller prints once its own first fetch is done */
const POLLER_READY = "ready\n";

/**
 * Polls /healthz every 20 ms from a process of its own until stopped; `worstMs` is the slowest poll
 * that overlapped [fromMs, toMs) (wall clock). `ready` once the poller has made a first fetch, which
 * is not counted: in a fresh node that one loads fetch itself (80-90 ms here), gateway or not.
 */
function pollHealthz(port: number): {
  ready: Promise<void>;
  stop(fromMs: number, toMs: number): Promise<number>;
} {
  const script = `
    const url = process.argv[1];
    const polls = [];
    let running = true;
    process.stdin.on("end", () => { running = false; }).resume();
    (async () => {
      await fetch(url).then((res) => res.arrayBuffer(), () => {});
      process.stdout.write(${JSON.stringify(POLLER_READY)});
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
  const ready = new Promise<void>((resolve) => {
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.startsWith(POLLER_READY)) resolve();
    });
  });
  const done = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    ready,
    stop: async (fromMs, toMs) => {
      child.stdin.end();
      await done;
      const polls = JSON.parse(out.slice(POLLER_READY.length)) as [number, number][];
      return Math.max(0, ...polls.filter(([at, ms]) => at < toMs && at + ms >= fromMs).map(([, ms]) => ms));
    },
  };
}

interface Timed {
  ms: number[];
  healthWorstMs: number[];
}

/** a request timed over HTTP, its goal (issue 17), and how many years of history it needs */
interface Request {
  name: string;
  goalMs: number;
  path: (years: number) => string;
  runs?: number;
  /** timed as the first of its kind since start; the others after one untimed request, as on a
   * gateway that has run a while (a new process compiles each route's code on its first use) */
  first?: true;
  minYears?: number;
}

/** /healthz while any request runs (issue 17) */
const HEALTH_GOAL_MS = 50;
/** the 5-year figures against the 1-year ones (issue 17) */
const RATIO_GOAL = 1.5;

const chart = (days: number) => `/api/units/${UNIT}/readings?from=${END - days * DAY}&to=${END}`;
const daily = (format: string) =>
  `/api/reports/daily?unitId=${UNIT}&from=${END - 400 * DAY}&to=${END}&format=${format}`;
const curve = (days: number) => `/api/batches/${BAG}/thaw?from=${END - days * DAY}&to=${END}`;

const CATCH_UP = "bag's thaw checkpoints caught up after start (in the background)";

const REQUESTS: Request[] = [
  { name: "unit chart, 1 day", goalMs: 50, path: () => chart(1) },
  { name: "unit chart, 30 days", goalMs: 50, path: () => chart(30) },
  { name: "unit chart, the last year", goalMs: 50, path: () => chart(365) },
  { name: "unit chart, 5 years", goalMs: 50, path: () => chart(5 * 365), minYears: 5 },
  { name: "daily report JSON, 400 days", goalMs: 100, path: () => daily("json") },
  { name: "daily report CSV, 400 days", goalMs: 100, path: () => daily("csv") },
  { name: "bag's thaw curve, the last day: first", goalMs: 100, path: () => curve(1), runs: 1, first: true },
  { name: "bag's thaw curve, the last day", goalMs: 100, path: () => curve(1) },
  { name: "bag's thaw curve, 30 days", goalMs: 100, path: () => curve(30) },
  { name: "bag's thaw curve, its 12 months", goalMs: 100, path: () => curve(365) },
];

interface SizeFigures {
  perS: number;
  startMs: number;
  bytes: number;
  timed: Map<string, Timed>;
}

/**
 * Builds `years` of history in `dir`, starts the gateway on it (in a process of its own, as
 * `npm start` runs it) and times every request.
 */
async function measure(dir: string, years: number): Promise<SizeFigures> {
  const file = join(dir, "milkguard.db");
  const { perS, count } = await writeHistory(file, years);
  const bytes = bytesPerReading(file, count);
  // /healthz is watched from the moment the gateway is up: it catches the checkpoints up at once
  const http = { host: "127.0.0.1", port: await freePort() };
  const poller = pollHealthz(http.port);
  await poller.ready;
  const opened = performance.now();
  const gateway = { count: 0, password: PASSWORD, dataDir: dir, settings: { http } };
  return withGatewayProcess(gateway, async ({ httpPort }) => {
    const startMs = Math.round(performance.now() - opened);
    const timed = new Map<string, Timed>();
    timed.set(CATCH_UP, await checkpointsCaughtUp(file, poller));
    const base = `http://127.0.0.1:${httpPort}`;
    const login = await fetch(`${base}/api/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "staff", password: PASSWORD }),
    });
    const { data } = (await login.json()) as { data: { token: string } };
    const get = (path: string) =>
      fetch(`${base}${path}`, { headers: { authorization: `Bearer ${data.token}` } });
    const time = async (path: string, runs: number): Promise<Timed> => {
      const out: Timed = { ms: [], healthWorstMs: [] };
      for (let i = 0; i < runs; i++) {
        const poller = pollHealthz(httpPort);
        await poller.ready;
        const fromMs = Date.now();
        const t0 = performance.now();
        const res = await get(path);
        await res.arrayBuffer();
        out.ms.push(Math.round(performance.now() - t0));
        if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
        out.healthWorstMs.push(Math.round(await poller.stop(fromMs, Date.now())));
      }
      return out;
    };
    for (const r of REQUESTS) {
      if (years < (r.minYears ?? 0)) continue;
      process.stderr.write(`  ${years} y: ${r.name}\n`);
      if (!r.first) await (await get(r.path(years))).arrayBuffer();
      timed.set(r.name, await time(r.path(years), r.runs ?? RUNS));
    }
    return { perS, startMs, bytes, timed };
  });
}

/**
 * The gateway brings the bag's thaw checkpoints up to date in the background after it starts
 * (reports/thaw-checkpoint-keeper.ts): how long until the last one is in the file, and /healthz meanwhile.
 */
async function checkpointsCaughtUp(file: string, poller: ReturnType<typeof pollHealthz>): Promise<Timed> {
  const fromMs = Date.now();
  const t0 = performance.now();
  const db = new Database(file, { readonly: true });
  const last = db.prepare("SELECT MAX(at_ms) FROM thaw_checkpoints WHERE batch_id = ?").pluck();
  while (((last.get(BAG) as number | null) ?? 0) < END) await new Promise((r) => setTimeout(r, 10));
  db.close();
  const ms = Math.round(performance.now() - t0);
  return { ms: [ms], healthWorstMs: [Math.round(await poller.stop(fromMs, Date.now()))] };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const list = (xs: number[] | undefined) => xs?.join(", ") ?? "-";
const mark = (xs: number[] | undefined, goal: number) =>
  xs === undefined ? "-" : `${list(xs)} ${Math.max(...xs) <= goal ? "ok" : "MISSED"}`;

/** each request's runs for 1 and 5 years, against the goals, and the 5-year medians over the 1-year ones */
export async function run(): Promise<Record<string, Record<string, string | number>>> {
  const root = mkdtempSync(join(tmpdir(), "mg-bench-history-"));
  try {
    const sizes: [number, SizeFigures][] = [];
    for (const years of [1, 5]) {
      const dir = join(root, `${years}y`);
      mkdirSync(dir);
      sizes.push([years, await measure(dir, years)]);
      rmSync(dir, { recursive: true, force: true });
    }
    const [[, one], [, five]] = sizes as [[number, SizeFigures], [number, SizeFigures]];
    const rows: Record<string, Record<string, string | number>> = {};
    for (const r of [{ name: CATCH_UP, goalMs: Number.POSITIVE_INFINITY }, ...REQUESTS]) {
      const a = one.timed.get(r.name);
      const b = five.timed.get(r.name);
      const ratio = a && b ? median(b.ms) / Math.max(1, median(a.ms)) : undefined;
      rows[r.name] = {
        goal: `${Number.isFinite(r.goalMs) ? `≤ ${r.goalMs} ms, ` : ""}/healthz ≤ ${HEALTH_GOAL_MS}`,
        "1 y": mark(a?.ms, r.goalMs),
        "1 y /healthz worst ms": mark(a?.healthWorstMs, HEALTH_GOAL_MS),
        "5 y": mark(b?.ms, r.goalMs),
        "5 y /healthz worst ms": mark(b?.healthWorstMs, HEALTH_GOAL_MS),
        "5 y / 1 y (medians)":
          ratio === undefined ? "-" : `${ratio.toFixed(2)} ${ratio <= RATIO_GOAL ? "ok" : "MISSED"}`,
      };
    }
    const side = (name: string, goal: string, f: (s: SizeFigures) => number) => {
      rows[name] = { goal, "1 y": f(one), "5 y": f(five) };
    };
    side("readings written, per s", "", (s) => s.perS);
    side("gateway start on the file, ms (a new node process until it listens)", "", (s) => s.startMs);
    side("file bytes per reading", "≤ 40", (s) => s.bytes);
    rows["file bytes per reading, a year of 2 units with a probe each"] = {
      goal: "≤ 40",
      "1 y": await bytesOfTwoUnits(root),
    };
    return rows;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.table(await run());
