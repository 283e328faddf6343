// What the contract suite cannot see from outside: group commits, and what a failed commit does.
import { fstatSync, statSync } from "node:fs";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSqliteDatabase } from "../../../gateway/store/sqlite-db.js";
import { SqliteReadingsStore } from "../../../gateway/store/sqlite-readings-store.js";
import type { Fsync } from "../../../gateway/store/wal-sync.js";
import { reading } from "../../contract/readings-store.contract.js";
import { T0 } from "./records.fixture.js";
import { type TempDir, tempDir } from "./temp-store.js";

let dir: TempDir;
let db: Database.Database;
let store: SqliteReadingsStore;

beforeEach(() => {
  dir = tempDir();
  db = openSqliteDatabase(dir.path("readings.db"));
  store = new SqliteReadingsStore(db);
});
afterEach(async () => {
  await store.close();
  db.close();
  dir.remove();
});

const countRows = (path: string) => {
  const other = new Database(path, { readonly: true });
  const n = other.prepare("SELECT COUNT(*) FROM readings").pluck().get();
  other.close();
  return n;
};

describe("SQLite readings: group commit", () => {
  it("gathers the writes of one tick into one commit", async () => {
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.write([reading(i + 1, T0 + i, -20)])));
    expect(store.counts).toEqual({ commits: 1, stored: 50, duplicates: 0 });
    await store.write([reading(1, T0, -20), reading(51, T0 + 51, -20)]);
    expect(store.counts).toEqual({ commits: 2, stored: 51, duplicates: 1 });
  });

  it("resolves a write only once another connection can read it", async () => {
    const path = dir.path("readings.db");
    const pending = store.write([reading(1, T0, -20), reading(2, T0 + 1, -20)]);
    expect(countRows(path)).toBe(0);
    await pending;
    expect(countRows(path)).toBe(2);
  });

  it("a failed commit refuses every write in it, stores none of them, and the next commit works", async () => {
    // Stands in for a full disk or an I/O error in the middle of a group commit.
    // (the failed commit also gave the units their keys: those are rolled back with it)
    db.exec(`CREATE TRIGGER fail_unit BEFORE INSERT ON unit_keys WHEN NEW.id = 'broken'
             BEGIN SELECT RAISE(ABORT, 'simulated I/O error'); END`);
    const first = store.write([reading(1, T0, -20)]);
    const second = store.write([reading(2, T0 + 1, -20, { unitId: "broken" })]);
    await expect(first).rejects.toThrow(/simulated I\/O error/);
    await expect(second).rejects.toThrow(/simulated I\/O error/);
    expect(countRows(dir.path("readings.db"))).toBe(0);
    await store.write([reading(1, T0, -20)]);
    expect(await store.range({ unitId: "freezer-1", fromMs: T0, toMs: T0 + 1 })).toHaveLength(1);
  });

  it("close() commits what is waiting before it returns", async () => {
    const pending = store.write([reading(1, T0, -20)]);
    await store.close();
    await pending;
    expect(countRows(dir.path("readings.db"))).toBe(1);
    await expect(store.write([reading(2, T0 + 1, -20)])).rejects.toThrow(/closed/);
  });

  it("refuses a bucket width that is not a positive whole number of ms", async () => {
    const query = { unitId: "freezer-1", fromMs: T0, toMs: T0 + 1 };
    await expect(store.buckets({ ...query, bucketMs: 0 })).rejects.toThrow(/bucketMs/);
    await expect(store.buckets({ ...query, bucketMs: 1.5 })).rejects.toThrow(/bucketMs/);
  });
});

describe("SQLite readings: the commit's fsync, off the event loop", () => {
  /** a store whose fsyncs of the write-ahead log wait until the test lets each one finish */
  async function withHeldFsyncs(work: (s: SqliteReadingsStore, held: Parameters<Fsync>[]) => Promise<void>) {
    const held: Parameters<Fsync>[] = [];
    const s = new SqliteReadingsStore(db, undefined, (fd, done) => held.push([fd, done]));
    try {
      await work(s, held);
    } finally {
      for (const [, done] of held) done(null);
      await s.close();
    }
  }
  const told = (write: Promise<void>) => {
    const state = { told: false };
    void write.then(() => {
      state.told = true;
    });
    return state;
  };
  const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

  it("tells a commit's writers only once the write-ahead log itself is fsynced", async () => {
    await withHeldFsyncs(async (s, held) => {
      const write = s.write([reading(1, T0, -20)]);
      const first = told(write);
      await expect.poll(() => held.length).toBe(1);
      expect(countRows(dir.path("readings.db"))).toBe(1);
      await nextTurn();
      expect(first.told).toBe(false);
      const [fd, done] = held[0] as Parameters<Fsync>;
      expect(fstatSync(fd).ino).toBe(statSync(dir.path("readings.db-wal")).ino);
      done(null);
      await write;
    });
  });

  it("commits made while an fsync runs wait for the next one, and are told in order", async () => {
    await withHeldFsyncs(async (s, held) => {
      const first = s.write([reading(1, T0, -20)]);
      await expect.poll(() => held.length).toBe(1);
      const second = told(s.write([reading(2, T0 + 1, -20)]));
      const third = told(s.write([reading(3, T0 + 2, -20)]));
      await expect.poll(() => s.counts.commits).toBe(2);
      expect(held).toHaveLength(1);
      held[0]?.[1](null);
      await first;
      await expect.poll(() => held.length).toBe(2);
      await nextTurn();
      expect([second.told, third.told]).toEqual([false, false]);
      held[1]?.[1](null);
      await expect.poll(() => [second.told, third.told]).toEqual([true, true]);
    });
  });

  it("a failed fsync refuses the writes it was to take to the disk", async () => {
    const s = new SqliteReadingsStore(db, undefined, (_fd, done) =>
      done(Object.assign(new Error("EIO: i/o error, fsync"), { code: "EIO" })),
    );
    await expect(s.write([reading(1, T0, -20)])).rejects.toThrow(/EIO/);
    await s.close();
  });

  it("leaves the connection's other commits their own fsync", async () => {
    expect(db.pragma("synchronous", { simple: true })).toBe(2);
    await store.write([reading(1, T0, -20)]);
    expect(db.pragma("synchronous", { simple: true })).toBe(2);
  });
});
