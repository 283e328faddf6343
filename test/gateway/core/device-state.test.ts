import { afterEach, expect, it } from "vitest";
import { DeviceState } from "../../../gateway/ingest/device-state.js";
import { openSqliteDatabase } from "../../../gateway/store/sqlite-db.js";
import { createSqliteSiteStore } from "../../../gateway/store/sqlite-site-store.js";
import { device, unit } from "../store/records.fixture.js";
import { type TempDir, tempDir } from "../store/temp-store.js";

let dir: TempDir | undefined;
afterEach(() => dir?.remove());

/** a site store on a real file, with a freezer and its probe "probe-a" */
function siteWithProbe() {
  dir = tempDir();
  const db = openSqliteDatabase(dir.path("site.db"), () => {});
  const site = createSqliteSiteStore(db, () => db.close());
  site.units.put(unit("freezer-a"));
  site.devices.put(device("probe-a", "freezer-a"));
  return { db, site };
}

// A reconnect storm's births each changed a device's state; a commit with its fsync per turn of the
// event loop took a tenth of the gateway's time (bench scale's profile). What is lost at a power cut is
// refreshed by the device's next message, and every device is offline at start anyway.
it("writes what it learnt of devices (online, last seen, firmware) without waiting for the disk", () => {
  const { db, site } = siteWithProbe();
  const synchronousAtPut: unknown[] = [];
  const put = site.devices.put;
  site.devices.put = (d) => {
    synchronousAtPut.push(db.pragma("synchronous", { simple: true }));
    put(d);
  };
  const state = new DeviceState(site);
  state.touch("probe-a", { online: true, lastSeenMs: 1_000, firmware: "1.2.0" });
  const written = state.flush();
  expect(written).toEqual([site.devices.get("probe-a")]);
  const NORMAL = 1;
  expect(synchronousAtPut).toEqual([NORMAL]);
  expect(site.devices.get("probe-a")).toMatchObject({ online: true, lastSeenMs: 1_000, firmware: "1.2.0" });
  site.close();
});

// In a reconnect storm every message moved its device's ack position and its last-seen time: the
// position was written at once and the rest a second later, each device's record twice per message.
it("writes a device's position with the rest of what it learnt, once, and the flush after has nothing left", () => {
  const { site } = siteWithProbe();
  const puts: string[] = [];
  const put = site.devices.put;
  site.devices.put = (d) => {
    puts.push(d.id);
    put(d);
  };
  const state = new DeviceState(site);
  state.touch("probe-a", { online: true, lastSeenMs: 2_000 });
  const from = (site.devices.get("probe-a")?.ackedUpTo ?? 0) + 1;
  state.get("probe-a")?.sequences.markStored([from, from + 1], from);
  const upTo = from + 1;
  const { positions, written } = state.persistAcks(["probe-a"]);
  expect(positions).toEqual(new Map([["probe-a", upTo]]));
  expect(written).toEqual([site.devices.get("probe-a")]);
  expect(site.devices.get("probe-a")).toMatchObject({ ackedUpTo: upTo, online: true, lastSeenMs: 2_000 });
  expect(state.flush()).toEqual([]);
  expect(puts).toEqual(["probe-a"]);
  site.close();
});
