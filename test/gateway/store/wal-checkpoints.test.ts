// The log's checkpoints run on a thread of their own, not inside a commit on the event loop; if that
// thread ends, the gateway's connection checkpoints again itself.
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { openSqliteStores, type SqliteStores } from "../../../gateway/store/open-store.js";
import { openSqliteDatabase } from "../../../gateway/store/sqlite-db.js";
import { checkpointOffTheLoop } from "../../../gateway/store/wal-checkpointer.js";
import { tempDir } from "./temp-store.js";

const dir = tempDir();
let stores: SqliteStores | undefined;
afterEach(() => {
  stores?.close();
  stores = undefined;
});
afterAll(() => dir.remove());

async function until(done: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
}

describe("the write-ahead log's checkpoints", () => {
  it("are taken by a thread of their own, which says what it did", async () => {
    stores = openSqliteStores(dir.path("milkguard.db"));
    const readings = Array.from({ length: 20_000 }, (_, i) => ({
      ...{ deviceId: "probe-1", unitId: "freezer-1", seq: i },
      ...{ timeMs: Date.UTC(2026, 0, 1) + i * 60_000, tempC: -20 },
    }));
    await stores.readings.write(readings);
    const checkpoints = stores.checkpoints;
    await until(() => (checkpoints.last?.checkpointed ?? 0) > 0);
    expect(checkpoints.last?.checkpointed).toBeGreaterThan(0);
  });

  it("start the log over under steady writes: it holds about a second of them, not all", async () => {
    stores = openSqliteStores(dir.path("steady.db"));
    const checkpoints = stores.checkpoints;
    const logs: number[] = [];
    let seq = 0;
    const started = Date.now();
    while (logs.length < 5 && Date.now() - started < 20_000) {
      const batch = Array.from({ length: 500 }, () => ({
        ...{ deviceId: `probe-${seq % 20}`, unitId: `freezer-${seq % 20}`, seq },
        ...{ timeMs: Date.UTC(2026, 0, 1) + seq++ * 1000, tempC: -20 },
      }));
      await stores.readings.write(batch);
      const log = checkpoints.last?.log;
      if (log !== undefined && log !== logs.at(-1)) logs.push(log);
    }
    expect(logs.length).toBe(5);
    // never started over, the fifth would hold about five times what the first did; the larger of the
    // first two, as a pass just after the log started over finds only the commits since
    expect(logs[4]).toBeLessThan(2.5 * Math.max(logs[0] ?? 0, logs[1] ?? 0));
  });

  it("fall back to the gateway's connection when their thread ends", async () => {
    const db = openSqliteDatabase(dir.path("fallback.db"), () => {});
    const warnings: string[] = [];
    const log = { warn: (m: string) => warnings.push(m), error: () => {} };
    // a folder that does not exist: the thread's connection cannot open, and the thread ends
    checkpointOffTheLoop(db, dir.path("no-such-folder/fallback.db"), log as never);
    expect(db.pragma("wal_autocheckpoint", { simple: true })).toBe(0);
    await until(() => warnings.length > 0);
    expect(db.pragma("wal_autocheckpoint", { simple: true })).toBe(1000);
    expect(warnings[0]).toMatch(/checkpoints the database's log itself again/);
    db.close();
  });
});
