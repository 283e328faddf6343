// The readings-store contract on a real InfluxDB 1.x (Debian's influxd), one database per test.
import { afterAll, beforeAll, expect, it } from "vitest";
import { Influx1ReadingsStore } from "../../gateway/store/influx1-readings-store.js";
import { type Influxd, startInfluxd } from "../servers/influxd.js";
import { reading, runReadingsStoreContract } from "./readings-store.contract.js";

let influxd: Influxd;
let databases = 0;

beforeAll(async () => {
  influxd = await startInfluxd();
}, 60_000);
afterAll(async () => {
  await influxd?.close();
});

runReadingsStoreContract("InfluxDB 1.x (influxd)", async () => {
  databases += 1;
  const store = await Influx1ReadingsStore.open({ url: influxd.url, database: `contract_${databases}` });
  return { store, cleanup: () => store.close() };
});

it("refuses to return a range the server cut short (max-row-limit) instead of losing rows", async () => {
  const limited = await startInfluxd(["max-row-limit = 5"]);
  try {
    const store = await Influx1ReadingsStore.open({ url: limited.url, database: "limited" });
    await store.write(
      Array.from({ length: 10 }, (_, i) => reading(i + 1, Date.UTC(2026, 0, 5) + i * 1000, -20)),
    );
    const range = { unitId: "freezer-1", fromMs: 0, toMs: Date.UTC(2027, 0, 1) };
    await expect(store.range(range)).rejects.toThrow(/max-row-limit/);
  } finally {
    await limited.close();
  }
}, 60_000);
