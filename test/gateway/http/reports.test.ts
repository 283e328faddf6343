import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { csvCell } from "../../../gateway/reports/csv.js";
import { type Harness, startHarness, T0 } from "./harness.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const MIN = 60_000;
const DAY = 1440 * MIN;

/** two days of the bank freezer at -20 C each minute; on day 2, 30 minutes at -15 C (above -18 C) */
async function twoDays(): Promise<void> {
  const readings = Array.from({ length: 2 * 1440 }, (_, i) => ({
    deviceId: "dev-1",
    unitId: "bank-freezer",
    seq: i + 1,
    timeMs: T0 + i * MIN,
    tempC: i >= 1440 + 600 && i < 1440 + 630 ? -15 : -20,
  }));
  await h.stores.readings.write(readings);
}

describe("daily report", () => {
  it("gives min, max, mean, readings and minutes above each limit per unit per day", async () => {
    await twoDays();
    const res = await h.get(`/api/reports/daily?unitId=bank-freezer&from=${T0}&to=${T0 + 2 * DAY}`, "sam");
    expect(res.body.data).toEqual([
      {
        unitId: "bank-freezer",
        unitName: "=Bank freezer",
        day: "2026-11-20",
        minC: -20,
        maxC: -20,
        meanC: -20,
        readings: 1440,
        minutesAbove: { warningHighC: 0, criticalHighC: 0 },
      },
      expect.objectContaining({
        day: "2026-11-21",
        maxC: -15,
        minutesAbove: { warningHighC: 30, criticalHighC: 0 },
      }),
    ]);
  });

  it("writes the same as CSV, safe against spreadsheet formulas", async () => {
    await twoDays();
    const res = await h.get(
      `/api/reports/daily?unitId=bank-freezer&from=${T0}&to=${T0 + 2 * DAY}&format=csv`,
      "sam",
    );
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/csv/);
    expect(res.text.split("\r\n")).toEqual([
      "unit_id,unit_name,day,min_c,max_c,mean_c,readings,minutes_above_warning,minutes_above_critical",
      "bank-freezer,'=Bank freezer,2026-11-20,-20,-20,-20,1440,0,0",
      "bank-freezer,'=Bank freezer,2026-11-21,-20,-15,-19.9,1440,30,0",
      "",
    ]);
  });

  it("covers only the units the user may see", async () => {
    await twoDays();
    const res = await h.get(`/api/reports/daily?from=${T0}&to=${T0 + 2 * DAY}`, "ana");
    expect(res.body.data).toEqual([]);
    expect((await h.get("/api/reports/daily?unitId=bank-freezer", "ana")).status).toBe(403);
  });

  it("quotes and neutralises dangerous CSV cells", () => {
    expect(csvCell("+1 555")).toBe("'+1 555");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell('a "b", c')).toBe('"a ""b"", c"');
    expect(csvCell(null)).toBe("");
    expect(csvCell(3.5)).toBe("3.5");
    expect(csvCell(-20.5)).toBe("-20.5");
  });
});
