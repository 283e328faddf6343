// A site's days from the platform's tz data: local midnight to local midnight, whatever the zone's
// offset (half hours too) and wherever its clocks change, even at midnight itself.
import { describe, expect, it } from "vitest";
import { siteDays } from "../../../shared/time/site-days.js";

const HOUR = 3_600_000;
const days = (fromIso: string, toIso: string, zone: string) =>
  siteDays(Date.parse(fromIso), Date.parse(toIso), zone).map((d) => ({
    day: d.day,
    start: new Date(d.startMs).toISOString(),
    hours: (d.endMs - d.startMs) / HOUR,
  }));

describe("a site's days", () => {
  it("are 23 hours when New York's clocks go forward and start at its midnight", () => {
    expect(days("2026-03-08T05:00:00Z", "2026-03-09T05:00:00Z", "America/New_York")).toEqual([
      { day: "2026-03-08", start: "2026-03-08T05:00:00.000Z", hours: 23 },
      { day: "2026-03-09", start: "2026-03-09T04:00:00.000Z", hours: 24 },
    ]);
  });

  it("start at 01:00 where the clocks skip midnight itself (Santiago, September)", () => {
    expect(days("2026-09-05T12:00:00Z", "2026-09-06T12:00:00Z", "America/Santiago")).toEqual([
      { day: "2026-09-05", start: "2026-09-05T04:00:00.000Z", hours: 24 },
      // 00:00 does not exist that night: the day begins at 01:00, -03:00
      { day: "2026-09-06", start: "2026-09-06T04:00:00.000Z", hours: 23 },
    ]);
  });

  it("start half an hour off UTC where the zone is (Kolkata), and include the day a range starts in", () => {
    expect(days("2026-06-01T12:00:00Z", "2026-06-01T20:00:00Z", "Asia/Kolkata")).toEqual([
      { day: "2026-06-01", start: "2026-05-31T18:30:00.000Z", hours: 24 },
      { day: "2026-06-02", start: "2026-06-01T18:30:00.000Z", hours: 24 },
    ]);
  });

  it("are UTC days in UTC", () => {
    expect(days("2026-03-29T00:00:00Z", "2026-03-30T00:00:00Z", "UTC")).toEqual([
      { day: "2026-03-29", start: "2026-03-29T00:00:00.000Z", hours: 24 },
    ]);
  });
});
