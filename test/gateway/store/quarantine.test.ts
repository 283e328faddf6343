// The quarantine on a real SQLite file: refused readings are kept as received across a reopen, a
// resend is kept once, and a device that floods it is held to its limit, the rest counted.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSqliteStores } from "../../../gateway/store/open-store.js";
import { MAX_RAW_CHARS, type NewQuarantined } from "../../../gateway/store/quarantine.js";
import { openSqliteDatabase } from "../../../gateway/store/sqlite-db.js";
import { sqliteQuarantine } from "../../../gateway/store/sqlite-quarantine.js";
import { T0 } from "./records.fixture.js";
import { type TempDir, tempDir } from "./temp-store.js";

let dir: TempDir;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => {
  dir.remove();
});

const refused = (deviceId: string, seq: number | null, reason = "future_time"): NewQuarantined => ({
  deviceId,
  unitId: `unit-${deviceId}`,
  seq,
  raw: JSON.stringify({ s: seq ?? "x", t: 1_900_000_000, c: -18 }),
  reason,
  receivedAtMs: T0,
  placedAtMs: seq === null ? null : 1_900_000_000_000,
});

describe("the quarantine", () => {
  it("keeps refused readings as received, across a reopen, and lists them by device, unit and reason", () => {
    const path = dir.path("q.db");
    let stores = openSqliteStores(path);
    const kept = stores.site.quarantine.add([
      refused("a", 1),
      refused("a", 2, "r[].c:not_a_number"),
      refused("b", 7),
      refused("b", null, "r[].s:missing"),
    ]);
    expect(kept).toMatchObject({ overflow: 0 });
    expect(kept.kept).toHaveLength(4);
    stores.close();

    stores = openSqliteStores(path);
    const q = stores.site.quarantine;
    expect(q.list().map((r) => [r.deviceId, r.seq, r.reason])).toEqual([
      ["a", 1, "future_time"],
      ["a", 2, "r[].c:not_a_number"],
      ["b", 7, "future_time"],
      ["b", null, "r[].s:missing"],
    ]);
    expect(q.list({ deviceId: "a" })[0]).toEqual({ id: 1, ...refused("a", 1) });
    expect(q.list({ unitId: "unit-b", reason: "future_time" }).map((r) => r.seq)).toEqual([7]);
    expect(q.heldByReason()).toEqual({ future_time: 2, "r[].c:not_a_number": 1, "r[].s:missing": 1 });
    q.remove([1, 3]);
    expect(q.list().map((r) => r.id)).toEqual([2, 4]);
    stores.close();
  });

  it("keeps a resend once: by sequence number, or by its text when it has none", () => {
    const stores = openSqliteStores(dir.path("q.db"));
    const q = stores.site.quarantine;
    q.add([refused("a", 1), refused("a", null, "r[].s:missing")]);
    const again = q.add([refused("a", 1), refused("a", null, "r[].s:missing"), refused("a", 2)]);
    expect(again.kept.map((r) => r.seq)).toEqual([2]);
    expect(q.list()).toHaveLength(3);
    stores.close();
  });

  it("holds a flooding device to its limit and counts the rest; other devices keep their room", () => {
    const db = openSqliteDatabase(dir.path("q.db"));
    const q = sqliteQuarantine(db, 50);
    const flood = Array.from({ length: 120 }, (_, i) => refused("hostile", i));
    expect(q.add(flood.slice(0, 80))).toMatchObject({ overflow: 30 });
    // a resend of one it holds is not overflow; new ones are
    const more = q.add([refused("hostile", 3), ...flood.slice(80)]);
    expect(more).toEqual({ kept: [], overflow: 40 });
    expect(q.add([refused("quiet", 1)]).kept).toHaveLength(1);
    expect(q.list({ deviceId: "hostile" })).toHaveLength(50);
    expect(q.overflow()).toEqual([{ deviceId: "hostile", count: 70, lastAtMs: T0 }]);
    db.close();
  });

  it("cuts a reading's text at MAX_RAW_CHARS", () => {
    const stores = openSqliteStores(dir.path("q.db"));
    stores.site.quarantine.add([{ ...refused("a", 1), raw: `{"s":1,"x":"${"y".repeat(10_000)}"}` }]);
    expect(stores.site.quarantine.list()[0]?.raw).toHaveLength(MAX_RAW_CHARS);
    stores.close();
  });
});
