// InfluxDB 1.x write rate through the readings store (5,000-point batches), next to SQLite's for the
// same readings, plus the spooling store over InfluxDB and the 30-day chart query. Starts and stops
// Debian's influxd itself. Run alone with `npx tsx bench/influx.ts`.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { Influx1ReadingsStore } from "../gateway/store/influx1-readings-store.js";
import { openSqliteStores } from "../gateway/store/open-store.js";
import type { ReadingsStore, StoredReading } from "../gateway/store/readings-store.js";
import { SpoolingReadingsStore } from "../gateway/store/spooling-readings-store.js";
import { startInfluxd } from "../test/servers/influxd.js";

const READINGS = 200_000;
const BATCH = 5_000;
const DEVICES = 200;
const MINUTE = 60_000;
const T0 = Date.UTC(2026, 0, 1);

function readingsOf(first: number, count: number): StoredReading[] {
  return Array.from({ length: count }, (_, i) => {
    const n = first + i;
    const seq = Math.floor(n / DEVICES);
    return {
      deviceId: `dev-${n % DEVICES}`,
      unitId: `unit-${n % DEVICES}`,
      seq,
      timeMs: T0 + seq * MINUTE,
      tempC: -20 + (n % 13) / 10,
      batteryV: 3.1,
    };
  });
}

/** readings/s for READINGS readings in BATCH-reading write() calls, `concurrent` calls at a time */
async function writeRate(store: ReadingsStore, concurrent: number): Promise<number> {
  const started = performance.now();
  for (let first = 0; first < READINGS; first += BATCH * concurrent) {
    const calls = Array.from({ length: concurrent }, (_, c) =>
      store.write(readingsOf(first + c * BATCH, BATCH)),
    );
    await Promise.all(calls);
  }
  return Math.round(READINGS / ((performance.now() - started) / 1000));
}

/** median ms of 9 runs of the dashboard's chart query: 30 days of one unit in 1-hour buckets */
async function bucketQueryMs(store: ReadingsStore): Promise<number> {
  const month = Array.from({ length: 30 * 24 * 60 }, (_, i) => ({
    deviceId: "month-dev",
    unitId: "month-unit",
    seq: i + 1,
    timeMs: T0 + i * MINUTE,
    tempC: -20,
  }));
  for (let i = 0; i < month.length; i += BATCH) await store.write(month.slice(i, i + BATCH));
  const times: number[] = [];
  for (let run = 0; run < 9; run++) {
    const started = performance.now();
    await store.buckets({
      unitId: "month-unit",
      fromMs: T0,
      toMs: T0 + 30 * 24 * 60 * MINUTE,
      bucketMs: 60 * MINUTE,
    });
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return Number((times[4] ?? 0).toFixed(1));
}

export async function run(): Promise<Record<string, string | number>> {
  const influxd = await startInfluxd();
  const dir = mkdtempSync(join(tmpdir(), "milkguard-bench-influx-"));
  const sqlite = openSqliteStores(join(dir, "bench.db"));
  const log = { error: (message: string) => console.error(message) };
  try {
    const open = (database: string) => Influx1ReadingsStore.open({ url: influxd.url, database });
    const spooling = new SpoolingReadingsStore(await open("spooling"), sqlite.site.spool, { log });
    const result = {
      "influxdb 1.6 writes/s, 5,000-point batches one at a time": await writeRate(await open("seq"), 1),
      "influxdb 1.6 writes/s, 5,000-point batches 4 at a time": await writeRate(await open("par"), 4),
      "influxdb 1.6 writes/s through the spooling store, 4 at a time": await writeRate(spooling, 4),
      "sqlite writes/s, same 5,000-reading batches one at a time": await writeRate(sqlite.readings, 1),
      "influxdb 1.6 30 days of 1-min readings in 1-h buckets, ms (median of 9)": await bucketQueryMs(
        await open("month"),
      ),
    };
    await spooling.close();
    return result;
  } finally {
    sqlite.close();
    rmSync(dir, { recursive: true, force: true });
    await influxd.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.table(await run());
}
