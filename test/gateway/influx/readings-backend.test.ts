// Readings go where the configuration says: SQLite by default, InfluxDB 1.x behind the spool.
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openSqliteStores } from "../../../gateway/store/open-store.js";
import { openReadingsBackend, readingsConfigSchema } from "../../../gateway/store/readings-backend.js";
import { reading } from "../../contract/readings-store.contract.js";
import { startInfluxd } from "../../servers/influxd.js";
import { tempDir } from "../../servers/process.js";

const closers: (() => unknown)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});
const log = { error: () => undefined };
const T0 = Date.UTC(2026, 0, 5);

function sqlite() {
  const dir = tempDir("backend");
  const stores = openSqliteStores(join(dir.path, "milkguard.db"));
  closers.push(
    () => dir.remove(),
    () => stores.close(),
  );
  return stores;
}

describe("readings back end from configuration", () => {
  it("is the embedded SQLite store when nothing is configured", async () => {
    const stores = sqlite();
    const config = readingsConfigSchema.parse({});
    const backend = await openReadingsBackend(config, {
      sqliteReadings: stores.readings,
      spool: stores.site.spool,
      tags: {},
      log,
    });
    expect(backend.readings).toBe(stores.readings);
    expect(backend.spoolStatus()).toBeUndefined();
  });

  it("is InfluxDB 1.x behind the spool, with the site and profile tags", async () => {
    const influxd = await startInfluxd();
    closers.push(() => influxd.close());
    const stores = sqlite();
    const config = readingsConfigSchema.parse({
      store: "influx1",
      influx: { url: influxd.url, database: "site" },
    });
    const backend = await openReadingsBackend(config, {
      sqliteReadings: stores.readings,
      spool: stores.site.spool,
      tags: { site: "bank-north", profileOf: () => "bank-freezer" },
      log,
    });
    await backend.readings.write([reading(1, T0, -20)]);
    expect(await backend.readings.latest("freezer-1")).toEqual(reading(1, T0, -20));
    expect(backend.spoolStatus()).toMatchObject({ spooled: 0, failures: 0 });
    const response = await fetch(
      `${influxd.url}/query?db=site&q=${encodeURIComponent("SHOW TAG VALUES WITH KEY IN (site, profile)")}`,
    );
    const text = await response.text();
    expect(text).toContain("bank-north");
    expect(text).toContain("bank-freezer");
    await backend.readings.close();
  }, 60_000);

  it("refuses an unknown back end and a bad URL, naming both", () => {
    const result = readingsConfigSchema.safeParse({ store: "mongodb", influx: { url: "not a url" } });
    expect(result.error?.issues.map((i) => i.path.join("."))).toEqual(["store", "influx.url"]);
  });
});
