// Embedded store speed: readings through write() (group commits, synchronous FULL on WAL), the
// engine's rule state saves, and the chart query a dashboard makes (30 days of 1-minute readings in
// 1-hour buckets).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { openSqliteStores } from "../gateway/store/open-store.js";
import type { ReadingsStore, StoredReading } from "../gateway/store/readings-store.js";
import type { SiteStore } from "../gateway/store/site-store.js";

const READINGS = 200_000;
const PER_WRITE = 1_000;
const DEVICES = 200;
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const T0 = Date.UTC(2026, 0, 1);

/** `count` readings spread over DEVICES devices (one unit each), seq numbers from `firstSeq`. */
function readingsOf(firstSeq: number, count: number, run: string): StoredReading[] {
  return Array.from({ length: count }, (_, i) => {
    const n = firstSeq + i;
    const device = n % DEVICES;
    const seq = Math.floor(n / DEVICES);
    return {
      deviceId: `${run}-${device}`,
      unitId: `unit-${device}`,
      seq,
      timeMs: T0 + seq * MINUTE,
      tempC: -20 + (n % 13) / 10,
    };
  });
}

/** Inserts/s for `total` readings in `perWrite`-reading write() calls, `concurrent` calls per tick. */
async function insertRate(
  store: ReadingsStore,
  run: string,
  total: number,
  perWrite: number,
  concurrent: number,
) {
  const started = performance.now();
  for (let first = 0; first < total; first += perWrite * concurrent) {
    const calls = Array.from({ length: concurrent }, (_, c) =>
      store.write(readingsOf(first + c * perWrite, perWrite, run)),
    );
    await Promise.all(calls);
  }
  return Math.round(total / ((performance.now() - started) / 1000));
}

/**
 * Inserts/s of a reconnect storm as the store meets it: each of `devices` devices sends its backlog in
 * 100-reading batches, the devices in a scattered order each round, `perTick` batches a commit.
 */
async function stormRate(store: ReadingsStore, devices: number, rounds: number, perTick: number) {
  const batches = Array.from({ length: devices * rounds }, (_, i) => ({
    device: (Math.floor(i / devices) + (i % devices) * 7_919) % devices,
    firstSeq: Math.floor(i / devices) * 100 + 1,
  }));
  const batchOf = ({ device, firstSeq }: { device: number; firstSeq: number }): StoredReading[] =>
    Array.from({ length: 100 }, (_, i) => ({
      deviceId: `storm-${device}`,
      unitId: `storm-unit-${device}`,
      seq: firstSeq + i,
      timeMs: T0 + (firstSeq + i) * MINUTE,
      tempC: -20 + ((firstSeq + i) % 13) / 16,
    }));
  const started = performance.now();
  for (let at = 0; at < batches.length; at += perTick)
    await Promise.all(batches.slice(at, at + perTick).map((batch) => store.write(batchOf(batch))));
  return Math.round((batches.length * 100) / ((performance.now() - started) / 1000));
}

/**
 * Rule states saved/s as the engine saves them: every unit of a site changed (as in a reconnect
 * storm), 500 a transaction, each state about the size of a unit's two hours of kept readings.
 */
function ruleStateSaveRate(site: SiteStore, units: number, rounds: number): number {
  // time, temperature, battery voltage and probe of each reading, as kept-inputs.ts saves them: ~3.5 KB
  const columns = Array.from({ length: 120 }, (_, i) => [T0 + i * MINUTE, -18.0625, 3.3, 0]).flat();
  const unitIds = Array.from({ length: units }, (_, u) => `storm-unit-${u}`);
  const saveAll = () => {
    for (let at = 0; at < units; at += 500)
      site.transaction(() => {
        for (const unitId of unitIds.slice(at, at + 500)) site.ruleState.put(unitId, { unitId, columns });
      });
  };
  saveAll();
  const started = performance.now();
  for (let round = 0; round < rounds; round++) saveAll();
  return Math.round((units * rounds) / ((performance.now() - started) / 1000));
}

/** Median ms of a 30-day, 1-hour-bucket query over one unit of 1-minute readings. */
async function bucketQueryMs(store: ReadingsStore): Promise<number> {
  const days = 30;
  const month = Array.from({ length: days * 24 * 60 }, (_, i) => ({
    deviceId: "month-dev",
    unitId: "month-unit",
    seq: i + 1,
    timeMs: T0 + i * MINUTE,
    tempC: i === 20_000 ? -5 : -20,
  }));
  for (let i = 0; i < month.length; i += 5_000) await store.write(month.slice(i, i + 5_000));
  const times: number[] = [];
  for (let run = 0; run < 9; run++) {
    const started = performance.now();
    const buckets = await store.buckets({
      unitId: "month-unit",
      fromMs: T0,
      toMs: T0 + days * DAY,
      bucketMs: 60 * MINUTE,
    });
    times.push(performance.now() - started);
    if (buckets.length !== days * 24) throw new Error(`expected ${days * 24} buckets, got ${buckets.length}`);
  }
  times.sort((a, b) => a - b);
  return Number((times[4] ?? 0).toFixed(1));
}

export async function run(): Promise<Record<string, string | number>> {
  const dir = mkdtempSync(join(tmpdir(), "milkguard-bench-store-"));
  const stores = openSqliteStores(join(dir, "bench.db"));
  const { readings } = stores;
  try {
    return {
      "sqlite inserts/s, 1,000-reading writes one at a time": await insertRate(
        readings,
        "a",
        READINGS,
        PER_WRITE,
        1,
      ),
      "sqlite inserts/s, 1,000-reading writes 10 per tick": await insertRate(
        readings,
        "b",
        READINGS,
        PER_WRITE,
        10,
      ),
      // What group commit buys: single-reading calls, as one message each from many devices.
      "sqlite inserts/s, 1-reading writes one at a time": await insertRate(readings, "c", 5_000, 1, 1),
      "sqlite inserts/s, 1-reading writes 100 per tick": await insertRate(readings, "d", 50_000, 1, 100),
      "sqlite inserts/s, a storm: 10,000 devices' 100-reading batches, 20 per tick": await stormRate(
        readings,
        10_000,
        2,
        20,
      ),
      "sqlite rule states saved/s, 10,000 units changed, 500 a transaction": ruleStateSaveRate(
        stores.site,
        10_000,
        5,
      ),
      "sqlite 30 days of 1-min readings in 1-h buckets, ms (median of 9)": await bucketQueryMs(
        stores.readings,
      ),
    };
  } finally {
    stores.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
