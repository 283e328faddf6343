// The InfluxDB 2.x store's write path against a real server that speaks /api/v2/write: Debian's
// victoria-metrics. It stores each numeric field as a metric `milk_reading_<field>` labelled with the
// tags, and has no Flux, so range/buckets/latest are not run here (docs/influxdb.md says so).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Influx2ReadingsStore } from "../../../gateway/store/influx2-readings-store.js";
import { reading } from "../../contract/readings-store.contract.js";
import { freePort } from "../../servers/process.js";
import { startVictoriaMetrics, type VictoriaMetrics } from "../../servers/victoria-metrics.js";

// victoria-metrics drops samples outside its retention (default one month): stamp them two days ago.
const HOUR = 3_600_000;
const T0 = Math.floor(Date.now() / HOUR) * HOUR - 48 * HOUR;

interface Exported {
  metric: Record<string, string>;
  values: number[];
  timestamps: number[];
}

let vm: VictoriaMetrics;
beforeAll(async () => {
  vm = await startVictoriaMetrics();
}, 60_000);
afterAll(async () => {
  await vm?.close();
});

async function exported(unit: string): Promise<Exported[]> {
  await fetch(`${vm.url}/internal/force_flush`);
  const match = encodeURIComponent(`{__name__=~"milk_reading_.*",unit="${unit}"}`);
  const response = await fetch(`${vm.url}/api/v1/export?match[]=${match}&start=0`);
  const text = await response.text();
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Exported);
}

const store = (unit: string) =>
  new Influx2ReadingsStore({
    url: vm.url,
    org: "milk-bank",
    bucket: "milkguard",
    site: "bank-north",
    profileOf: (unitId) => (unitId === unit ? "freezer-bank" : undefined),
  });

describe("InfluxDB 2.x readings store, write path (victoria-metrics)", () => {
  it("writes every field with the unit, device, site and profile tags at the event time", async () => {
    const unit = "freezer-w1";
    const rows = [
      reading(1, T0, -19.5, { unitId: unit, batteryV: 3.1, rssiDbm: -67 }),
      reading(2, T0 + 60_000, null, { unitId: unit, fault: "crc" }),
      reading(3, T0 + 120_000, -19.25, { unitId: unit }),
    ];
    await store(unit).write(rows);
    const series = await exported(unit);
    const byName = Object.fromEntries(series.map((s) => [s.metric.__name__, s]));
    expect(byName.milk_reading_temp_c?.timestamps).toEqual([T0, T0 + 120_000]);
    expect(byName.milk_reading_temp_c?.values).toEqual([-19.5, -19.25]);
    expect(byName.milk_reading_seq?.values).toEqual([1, 2, 3]);
    expect(byName.milk_reading_battery_v?.values).toEqual([3.1]);
    expect(byName.milk_reading_rssi_dbm?.values).toEqual([-67]);
    expect(byName.milk_reading_temp_c?.metric).toMatchObject({
      unit,
      device: "dev-a",
      site: "bank-north",
      profile: "freezer-bank",
    });
  });

  it("writes a 10,000-reading call in batches and every reading arrives", async () => {
    const unit = "freezer-w2";
    const rows = Array.from({ length: 10_000 }, (_, i) =>
      reading(i + 1, T0 + i * 10_000, -20, { unitId: unit }),
    );
    await store(unit).write(rows);
    const seq = (await exported(unit)).find((s) => s.metric.__name__ === "milk_reading_seq");
    expect(seq?.values).toHaveLength(10_000);
    expect(seq?.timestamps.at(-1)).toBe(T0 + 9_999 * 10_000);
  });

  it("refuses a batch with an invalid reading and writes none of it", async () => {
    const unit = "freezer-w3";
    const bad = store(unit).write([
      reading(1, T0, -20, { unitId: unit }),
      reading(2, Number.NaN, -20, { unitId: unit }),
    ]);
    await expect(bad).rejects.toThrow(/timeMs/);
    expect(await exported(unit)).toEqual([]);
  });

  it("rejects the write at once when the server is unreachable, so the spool can take over", async () => {
    const down = new Influx2ReadingsStore({
      url: `http://127.0.0.1:${await freePort()}`,
      org: "o",
      bucket: "b",
    });
    await expect(down.write([reading(1, T0, -20)])).rejects.toThrow();
  });
});
