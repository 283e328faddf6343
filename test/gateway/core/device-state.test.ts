import { afterEach, expect, it } from "vitest";
import { DeviceState } from "../../../gateway/ingest/device-state.js";
import { openSqliteDatabase } from "../../../gateway/store/sqlite-db.js";
import { createSqliteSiteStore } from "../../../gateway/store/sqlite-site-store.js";
import { device, unit } from "../store/records.fixture.js";
import { type TempDir, tempDir } from "../store/temp-store.js";

let dir: TempDir | undefined;
afterEach(() => dir?.remove());

// A reconnect storm's births each changed a device's state; a commit with its fsync per turn of the
// event loop took a tenth of the gateway's time (bench scale's profile). What is lost at a power cut is
// refreshed by the device's next message, and every device is offline at start anyway.
it("writes what it learnt of devices (online, last seen, firmware) without waiting for the disk", () => {
  dir = tempDir();
  const db = openSqliteDatabase(dir.path("site.db"), () => {});
  const site = createSqliteSiteStore(db, () => db.close());
  site.units.put(unit("freezer-a"));
  site.devices.put(device("probe-a", "freezer-a"));
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
