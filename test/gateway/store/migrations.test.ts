import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LATEST_SCHEMA_VERSION, migrate, schemaVersion } from "../../../gateway/store/migrations.js";
import { openSqliteStores } from "../../../gateway/store/open-store.js";
import { openSqliteDatabase } from "../../../gateway/store/sqlite-db.js";
import { T0, unit } from "./records.fixture.js";
import { type TempDir, tempDir } from "./temp-store.js";

let dir: TempDir;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => {
  dir.remove();
});

/** A file as the first release wrote it: schema v1 and some data. */
function writeVersion1File(path: string): void {
  const db = new Database(path);
  migrate(db, 1);
  db.prepare("INSERT INTO units (id, data) VALUES (?, ?)").run("u1", JSON.stringify(unit("u1")));
  db.prepare(
    "INSERT INTO readings (device_id, seq, unit_id, time_ms, temp_c) VALUES ('d1', 1, 'u1', ?, -20)",
  ).run(T0);
  db.prepare(
    "INSERT INTO audit (seq, at_ms, actor, action, subject, details, prev_hash, hash) VALUES (1, 0, 'a', 'x', 's', '{}', 'p', 'h')",
  ).run();
  db.close();
}

describe("schema migrations", () => {
  it("a new file gets the latest schema, WAL and synchronous FULL", () => {
    const db = openSqliteDatabase(dir.path("new.db"));
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.pragma("synchronous", { simple: true })).toBe(2); // 2 = FULL
    db.close();
  });

  it("opening a version 1 file migrates it and keeps its data", async () => {
    const path = dir.path("v1.db");
    writeVersion1File(path);
    const before = new Database(path);
    expect(schemaVersion(before)).toBe(1);
    expect(before.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all()).toEqual([]);
    before.close();

    const stores = openSqliteStores(path);
    expect(stores.site.units.get("u1")).toEqual(unit("u1"));
    expect(await stores.readings.latest("u1")).toMatchObject({ seq: 1, tempC: -20 });
    stores.close();
    const after = new Database(path);
    expect(schemaVersion(after)).toBe(LATEST_SCHEMA_VERSION);
    expect(() => after.prepare("DELETE FROM audit").run()).toThrow(/append-only/);
    after.close();
  });

  it("refuses a file from a newer MilkGuard and leaves it untouched", () => {
    const path = dir.path("future.db");
    const db = new Database(path);
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => openSqliteStores(path)).toThrow(/newer than this MilkGuard/);
    const check = new Database(path);
    expect(schemaVersion(check)).toBe(LATEST_SCHEMA_VERSION + 1);
    check.close();
  });
});
