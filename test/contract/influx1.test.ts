// The readings-store contract on a real InfluxDB 1.x (Debian's influxd), one database per test.
import { afterAll, beforeAll } from "vitest";
import { Influx1ReadingsStore } from "../../gateway/store/influx1-readings-store.js";
import { type Influxd, startInfluxd } from "../servers/influxd.js";
import { runReadingsStoreContract } from "./readings-store.contract.js";

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
