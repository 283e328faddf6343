// The gateway never loses a reading when InfluxDB goes away: the real influxd is stopped mid-stream
// and restarted, readings keep being written all along, and every one of them ends up in InfluxDB.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Influx1ReadingsStore } from "../../../gateway/store/influx1-readings-store.js";
import { openSqliteStores, type SqliteStores } from "../../../gateway/store/open-store.js";
import { SpoolingReadingsStore } from "../../../gateway/store/spooling-readings-store.js";
import { reading, runReadingsStoreContract } from "../../contract/readings-store.contract.js";
import { type Influxd, startInfluxd } from "../../servers/influxd.js";
import { tempDir } from "../../servers/process.js";

const T0 = Date.UTC(2026, 0, 5);
const all = { unitId: "freezer-1", fromMs: T0, toMs: T0 + 86_400_000 };
const errors: string[] = [];
const log = { error: (message: string) => void errors.push(message) };
const fast = { retryMs: 20, maxRetryMs: 200, writeTimeoutMs: 5_000, log };

/** 50 readings a batch, one a second, numbered from 1 across batches */
const batch = (n: number) =>
  Array.from({ length: 50 }, (_, i) => reading(n * 50 + i + 1, T0 + (n * 50 + i) * 1000, -20));

async function until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("spooling readings store over a real influxd", () => {
  let influxd: Influxd;
  let dir: ReturnType<typeof tempDir>;
  let sqlite: SqliteStores;
  let remote: Influx1ReadingsStore;

  beforeEach(async () => {
    errors.length = 0;
    influxd = await startInfluxd();
    dir = tempDir("spool");
    sqlite = openSqliteStores(`${dir.path}/milkguard.db`);
    remote = await Influx1ReadingsStore.open({ url: influxd.url, database: "milkguard" });
  }, 60_000);
  afterEach(async () => {
    sqlite.close();
    dir.remove();
    await influxd.close();
  });

  it("keeps writing through an outage, replays in order, and InfluxDB ends up with every reading", async () => {
    const store = new SpoolingReadingsStore(remote, sqlite.site.spool, fast);
    for (let n = 0; n < 30; n += 1) await store.write(batch(n));
    expect(store.status().spooled).toBe(0);

    await influxd.stop();
    for (let n = 30; n < 70; n += 1) await store.write(batch(n));
    expect(store.status().spooled).toBe(40 * 50);
    expect(errors.length).toBeGreaterThan(0);

    await influxd.start();
    for (let n = 70; n < 100; n += 1) await store.write(batch(n));
    await until(() => store.status().spooled === 0, "the spool to drain");

    const stored = await remote.range(all);
    expect(stored.map((r) => r.seq)).toEqual(Array.from({ length: 5_000 }, (_, i) => i + 1));
    expect(store.status().replayed).toBeGreaterThanOrEqual(40 * 50);
    await store.close();
  }, 120_000);

  it("readings spooled before a gateway restart are replayed by the next one", async () => {
    await influxd.stop();
    const first = new SpoolingReadingsStore(remote, sqlite.site.spool, fast);
    await first.write(batch(0));
    await first.close();
    expect(sqlite.site.spool.size()).toBe(50);

    await influxd.start();
    const second = new SpoolingReadingsStore(remote, sqlite.site.spool, fast);
    await until(() => second.status().spooled === 0, "the spool to drain");
    expect(await remote.range(all)).toEqual(batch(0));
    await second.close();
  }, 120_000);

  it("a spool entry that is not JSON is logged and left out; the readings around it are replayed", async () => {
    const [first, second] = batch(0);
    sqlite.site.spool.push([JSON.stringify(first), "{not json", JSON.stringify(second)]);
    const store = new SpoolingReadingsStore(remote, sqlite.site.spool, fast);
    await until(() => store.status().spooled === 0, "the spool to drain");
    expect((await remote.range(all)).map((r) => r.seq)).toEqual([1, 2]);
    expect(errors.some((e) => e.includes("not JSON"))).toBe(true);
    await store.close();
  }, 60_000);
});

runReadingsStoreContract("spooling over InfluxDB 1.x", async () => {
  const influxd = await startInfluxd();
  const dir = tempDir("spool");
  const sqlite = openSqliteStores(`${dir.path}/milkguard.db`);
  const remote = await Influx1ReadingsStore.open({ url: influxd.url, database: "milkguard" });
  const store = new SpoolingReadingsStore(remote, sqlite.site.spool, fast);
  return {
    store,
    cleanup: async () => {
      await store.close();
      sqlite.close();
      dir.remove();
      await influxd.close();
    },
  };
});
