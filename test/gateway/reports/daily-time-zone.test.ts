// The daily record follows the site's days: a Paris site's day runs from midnight to midnight in
// Paris, 23 hours on the last Sunday of March and 25 on the last Sunday of October. Readings each
// minute go into the real SQLite store; the report comes from GET /api/reports/daily.
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "../http/harness.js";

let h: Harness | undefined;
afterEach(() => h?.close());

const MIN = 60_000;

/** -20 °C each minute over [fromMs, toMs), -15 °C (above the test freezer's -18 °C) inside `warm` */
async function minutely(h: Harness, fromMs: number, toMs: number, warm: [number, number][]) {
  const readings = Array.from({ length: (toMs - fromMs) / MIN }, (_, i) => {
    const timeMs = fromMs + i * MIN;
    const isWarm = warm.some(([a, b]) => timeMs >= a && timeMs < b);
    return { deviceId: "dev-1", unitId: "bank-freezer", seq: i + 1, timeMs, tempC: isWarm ? -15 : -20 };
  });
  await h.stores.readings.write(readings);
}

const daily = async (h: Harness, fromMs: number, toMs: number, format = "json") =>
  h.get(`/api/reports/daily?unitId=bank-freezer&from=${fromMs}&to=${toMs}&format=${format}`, "sam");

const at = (iso: string) => Date.parse(iso);

describe("daily report in the site's time zone", () => {
  it("gives a Paris site a 23-hour day when the clocks go forward, each warm spell on its local day", async () => {
    h = await startHarness({ timeZone: "Europe/Paris" });
    // Saturday 28 to Monday 30 March 2026, local midnights; clocks go 02:00 -> 03:00 on Sunday 29
    const from = at("2026-03-28T00:00:00+01:00");
    const to = at("2026-03-31T00:00:00+02:00");
    // 23:30-24:00 local on Sunday (21:30 UTC): a UTC cut would still call it Sunday, and
    // 00:00-00:20 local on Monday (22:00 UTC Sunday): a UTC cut would call it Sunday
    const sundayLate: [number, number] = [at("2026-03-29T23:30:00+02:00"), at("2026-03-30T00:00:00+02:00")];
    const mondayEarly: [number, number] = [at("2026-03-30T00:00:00+02:00"), at("2026-03-30T00:20:00+02:00")];
    await minutely(h, from, to, [sundayLate, mondayEarly]);
    const rows = (await daily(h, from, to)).body.data;
    expect(rows.map((r: { day: string }) => r.day)).toEqual(["2026-03-28", "2026-03-29", "2026-03-30"]);
    expect(rows).toEqual([
      expect.objectContaining({
        readings: 24 * 60,
        maxC: -20,
        minutesAbove: { warningHighC: 0, criticalHighC: 0 },
      }),
      expect.objectContaining({
        readings: 23 * 60,
        minC: -20,
        maxC: -15,
        minutesAbove: { warningHighC: 30, criticalHighC: 0 },
      }),
      expect.objectContaining({
        readings: 24 * 60,
        maxC: -15,
        minutesAbove: { warningHighC: 20, criticalHighC: 0 },
      }),
    ]);
  });

  it("gives a Paris site a 25-hour day when the clocks go back, and the CSV the same local dates", async () => {
    h = await startHarness({ timeZone: "Europe/Paris" });
    // Saturday 24 to Monday 26 October 2026; clocks go 03:00 -> 02:00 on Sunday 25
    const from = at("2026-10-24T00:00:00+02:00");
    const to = at("2026-10-27T00:00:00+01:00");
    // 00:00-00:45 local on Sunday is 22:00 UTC on Saturday
    await minutely(h, from, to, [[at("2026-10-25T00:00:00+02:00"), at("2026-10-25T00:45:00+02:00")]]);
    const rows = (await daily(h, from, to)).body.data;
    expect(rows).toEqual([
      expect.objectContaining({ day: "2026-10-24", readings: 24 * 60, maxC: -20 }),
      expect.objectContaining({
        day: "2026-10-25",
        readings: 25 * 60,
        maxC: -15,
        minutesAbove: { warningHighC: 45, criticalHighC: 0 },
      }),
      expect.objectContaining({ day: "2026-10-26", readings: 24 * 60, maxC: -20 }),
    ]);
    const csvDays = (await daily(h, from, to, "csv")).text
      .split("\r\n")
      .slice(1, -1)
      .map((line) => line.split(",")[2]);
    expect(csvDays).toEqual(["2026-10-24", "2026-10-25", "2026-10-26"]);
  });
});
