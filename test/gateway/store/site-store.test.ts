import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSqliteStores, type SqliteStores } from "../../../gateway/store/open-store.js";
import type { SiteStore } from "../../../gateway/store/site-store.js";
import { openSqliteDatabase } from "../../../gateway/store/sqlite-db.js";
import { createSqliteSiteStore } from "../../../gateway/store/sqlite-site-store.js";
import { alert, batch, device, T0, trip, unit, user } from "./records.fixture.js";
import { type TempDir, tempDir } from "./temp-store.js";

let dir: TempDir;
let stores: SqliteStores;
let site: SiteStore;

beforeEach(() => {
  dir = tempDir();
  stores = openSqliteStores(dir.path("site.db"));
  site = stores.site;
});
afterEach(() => {
  stores.close();
  dir.remove();
});

describe("users and sessions", () => {
  it("finds users by id and login name; an update keeps the user's place in the list", () => {
    site.users.put(user("ann"));
    site.users.put(user("bob", { role: "courier" }));
    site.users.put(user("ann", { displayName: "Ann B." }));
    expect(site.users.get("ann")?.displayName).toBe("Ann B.");
    expect(site.users.byName("bob")?.role).toBe("courier");
    expect(site.users.byName("nobody")).toBeUndefined();
    expect(site.users.list().map((u) => u.id)).toEqual(["ann", "bob"]);
  });

  it("two users cannot share a login name", () => {
    site.users.put(user("ann"));
    expect(() => site.users.put(user("ann-2", { name: "ann" }))).toThrow(/UNIQUE/);
  });

  it("a session finds its user until it expires or is revoked", () => {
    site.users.put(user("ann"));
    site.sessions.create("ann", "hash-1", T0 + 1000);
    expect(site.sessions.userFor("hash-1", T0)?.id).toBe("ann");
    expect(site.sessions.userFor("hash-1", T0 + 1000)).toBeUndefined();
    expect(site.sessions.userFor("other", T0)).toBeUndefined();
    site.sessions.revoke("hash-1");
    expect(site.sessions.userFor("hash-1", T0)).toBeUndefined();
  });
});

describe("units, devices, batches", () => {
  it("lists a unit's devices only", () => {
    site.units.put(unit("u1"));
    site.units.put(unit("u2"));
    site.devices.put(device("d1", "u1"));
    site.devices.put(device("d2", "u2"));
    site.devices.put(device("d3", "u1"));
    expect(site.units.list().map((u) => u.id)).toEqual(["u1", "u2"]);
    expect(site.devices.byUnit("u1").map((d) => d.id)).toEqual(["d1", "d3"]);
    expect(site.devices.get("d2")).toEqual(device("d2", "u2"));
    expect(site.devices.list()).toHaveLength(3);
  });

  it("filters batches by unit and donor, and follows a batch when it moves", () => {
    site.batches.put(batch("b1", "u1", "donor-1"));
    site.batches.put(batch("b2", "u2", "donor-1"));
    site.batches.put(batch("b3", "u1", "donor-2"));
    expect(site.batches.list({ unitId: "u1" }).map((b) => b.id)).toEqual(["b1", "b3"]);
    expect(site.batches.list({ donorId: "donor-1", unitId: "u2" }).map((b) => b.id)).toEqual(["b2"]);
    site.batches.put({ ...batch("b1", "u2", "donor-1") });
    expect(site.batches.list({ unitId: "u2" }).map((b) => b.id)).toEqual(["b1", "b2"]);
    expect(site.batches.get("b1")?.thaw.phase).toBe("frozen");
  });

  it("keeps a batch's moves in the order they happened", () => {
    site.batches.recordMove({ batchId: "b1", fromUnitId: null, toUnitId: "u1", atMs: T0, by: "ann" });
    site.batches.recordMove({ batchId: "b2", fromUnitId: null, toUnitId: "u1", atMs: T0, by: "ann" });
    site.batches.recordMove({
      batchId: "b1",
      fromUnitId: "u1",
      toUnitId: "box-1",
      atMs: T0 + 1,
      by: "cy",
      note: "trip",
    });
    expect(site.batches.moves("b1").map((m) => m.toUnitId)).toEqual(["u1", "box-1"]);
    expect(site.batches.moves("b1")[1]?.note).toBe("trip");
  });
});

describe("trips, alerts, rule state", () => {
  it("filters trips by courier and by open/ended", () => {
    site.trips.put(trip("t1", "cy"));
    site.trips.put(trip("t2", "dee"));
    site.trips.put(trip("t3", "cy", { endedAtMs: T0 + 3_600_000 }));
    expect(site.trips.list({ courierId: "cy" }).map((t) => t.id)).toEqual(["t1", "t3"]);
    expect(site.trips.list({ open: true }).map((t) => t.id)).toEqual(["t1", "t2"]);
    expect(site.trips.list({ open: false, courierId: "cy" }).map((t) => t.id)).toEqual(["t3"]);
    site.trips.put(trip("t1", "cy", { endedAtMs: T0 + 1 }));
    expect(site.trips.list({ open: true }).map((t) => t.id)).toEqual(["t2"]);
    expect(site.trips.get("t2")?.pickups[0]?.batchIds).toEqual(["b1", "b2"]);
  });

  it("finds alerts by key and filters by state and unit", () => {
    site.alerts.put(alert("a1"));
    site.alerts.put(alert("a2", { unitId: "u2" }));
    site.alerts.put(alert("a3", { state: "resolved" }));
    site.alerts.put(
      alert("a1", { state: "acknowledged", ack: { by: "ann", atMs: T0 + 1, comment: "on it" } }),
    );
    expect(site.alerts.byKey("temperature-excursion:a1")?.ack?.comment).toBe("on it");
    expect(site.alerts.list({ state: ["open", "acknowledged"] }).map((a) => a.id)).toEqual(["a1", "a2"]);
    expect(site.alerts.list({ state: ["open", "acknowledged"], unitId: "u1" }).map((a) => a.id)).toEqual([
      "a1",
    ]);
    expect(site.alerts.list({ state: [] })).toEqual([]);
    expect(site.alerts.list()).toHaveLength(3);
  });

  it("one alert per condition: a second alert with the same key is refused", () => {
    site.alerts.put(alert("a1"));
    expect(() => site.alerts.put(alert("a9", { key: "temperature-excursion:a1" }))).toThrow(/UNIQUE/);
  });

  it("keeps each unit's rule state as given", () => {
    expect(site.ruleState.get("u1")).toBeUndefined();
    site.ruleState.put("u1", { since: T0, above: true, nested: { list: [1, 2] } });
    site.ruleState.put("u2", null);
    expect(site.ruleState.get("u1")).toEqual({ since: T0, above: true, nested: { list: [1, 2] } });
    expect(site.ruleState.get("u2")).toBeNull();
  });
});

describe("spool", () => {
  it("replays in the order pushed and drops what was taken", () => {
    site.spool.push(["r1", "r2"]);
    site.spool.push(["r3"]);
    expect(site.spool.size()).toBe(3);
    const first = site.spool.peek(2);
    expect(first.map((e) => e.json)).toEqual(["r1", "r2"]);
    site.spool.drop(first[1]?.id ?? 0);
    site.spool.push(["r4"]);
    expect(site.spool.peek(10).map((e) => e.json)).toEqual(["r3", "r4"]);
    expect(site.spool.size()).toBe(2);
  });
});

describe("transactions", () => {
  it("keeps a change and its audit line together, or neither when the work throws", () => {
    const acknowledge = (fail: boolean) =>
      site.transaction(() => {
        site.alerts.put(alert("a1", { state: "acknowledged" }));
        site.audit.append({
          atMs: T0,
          actor: "ann",
          action: "alert.acknowledge",
          subject: "alert:a1",
          details: {},
        });
        if (fail) throw new Error("notifier refused");
      });
    site.alerts.put(alert("a1"));
    expect(() => acknowledge(true)).toThrow(/notifier refused/);
    expect(site.alerts.get("a1")?.state).toBe("open");
    expect(site.audit.list()).toEqual([]);
    acknowledge(false);
    expect(site.alerts.get("a1")?.state).toBe("acknowledged");
    expect(site.audit.list().map((e) => e.seq)).toEqual([1]);
    expect(site.audit.verify()).toEqual({ ok: true, entries: 1 });
  });
});

describe("reopening the file", () => {
  it("keeps every record, the readings and the audit chain", async () => {
    site.users.put(user("ann"));
    site.units.put(unit("u1"));
    site.devices.put(device("d1", "u1"));
    site.batches.put(batch("b1", "u1"));
    site.trips.put(trip("t1", "cy"));
    site.alerts.put(alert("a1"));
    site.ruleState.put("u1", { n: 1 });
    site.spool.push(["r1"]);
    site.audit.append({ atMs: T0, actor: "ann", action: "unit.create", subject: "unit:u1", details: {} });
    await stores.readings.write([{ deviceId: "d1", unitId: "u1", seq: 1, timeMs: T0, tempC: -20 }]);
    stores.close();

    stores = openSqliteStores(dir.path("site.db"));
    const again = stores.site;
    expect(again.users.get("ann")).toEqual(user("ann"));
    expect(again.units.get("u1")).toEqual(unit("u1"));
    expect(again.devices.get("d1")).toEqual(device("d1", "u1"));
    expect(again.batches.get("b1")).toEqual(batch("b1", "u1"));
    expect(again.trips.get("t1")).toEqual(trip("t1", "cy"));
    expect(again.alerts.get("a1")).toEqual(alert("a1"));
    expect(again.ruleState.get("u1")).toEqual({ n: 1 });
    expect(again.spool.peek(5).map((e) => e.json)).toEqual(["r1"]);
    again.audit.append({
      atMs: T0 + 1,
      actor: "ann",
      action: "unit.rename",
      subject: "unit:u1",
      details: {},
    });
    expect(again.audit.verify()).toEqual({ ok: true, entries: 2 });
    expect(await stores.readings.latest("u1")).toMatchObject({ seq: 1, tempC: -20 });
  });

  it("closing both parts closes the file; their calls then fail with an error", async () => {
    await stores.readings.close();
    site.close();
    expect(() => site.units.list()).toThrow();
    await expect(
      stores.readings.write([{ deviceId: "d1", unitId: "u1", seq: 1, timeMs: T0, tempC: -20 }]),
    ).rejects.toThrow(/closed/);
  });
});

describe("a transaction without fsync (ack positions)", () => {
  it("does not wait for the disk, and every other commit still does, even after one that failed", () => {
    const db = openSqliteDatabase(dir.path("sync.db"), () => {});
    const own = createSqliteSiteStore(db, () => db.close());
    const synchronous = () => db.pragma("synchronous", { simple: true });
    const FULL = 2;
    const NORMAL = 1;
    expect(synchronous()).toBe(FULL);
    own.transactionWithoutFsync(() => {
      expect(synchronous()).toBe(NORMAL);
      own.units.put(unit("freezer-a"));
    });
    expect(own.units.get("freezer-a")).toBeDefined();
    expect(synchronous()).toBe(FULL);
    expect(() =>
      own.transactionWithoutFsync(() => {
        own.units.put(unit("freezer-b"));
        throw new Error("the work failed");
      }),
    ).toThrow("the work failed");
    expect(own.units.get("freezer-b")).toBeUndefined();
    expect(synchronous()).toBe(FULL);
    own.close();
  });
});
