// Inspection records: the daily min/max per unit (JSON or CSV), by the site's days (its time zone).
import type { Router } from "express";
import type { DailyRow } from "../../../shared/api/answers.js";
import { DailyQuery } from "../../../shared/api/requests.js";
import { dailyCsv, dailyReport } from "../../reports/daily.js";
import { nextTurn } from "../../store/next-turn.js";
import type { RouteContext } from "../context.js";
import { FieldError } from "../envelope.js";
import { apiRouter, CsvAnswer } from "../typed-router.js";
import { parseInput } from "../validate.js";

const DAY_MS = 86_400_000;
/** a year of daily lines per unit is what an inspection asks for */
const MAX_RANGE_MS = 400 * DAY_MS;

export function reportRoutes(ctx: RouteContext): Router {
  const api = apiRouter("/api/reports");
  api.get("/daily", async (req, res) => {
    const query = parseInput(DailyQuery, req.query);
    const access = ctx.access(res);
    const toMs = query.to ?? ctx.clock.now();
    const fromMs = query.from ?? toMs - 7 * DAY_MS;
    if (fromMs >= toMs) throw new FieldError("from", "must be before to");
    if (toMs - fromMs > MAX_RANGE_MS) throw new FieldError("from", "range is longer than 400 days");
    const window = { fromMs, toMs };
    // a courier's cool box: only the days of her trip, and only while she carries it
    const spans = query.unitId
      ? [{ unit: access.unit(query.unitId), span: access.readableSpan(query.unitId, window) }]
      : access.visibleUnits().flatMap((unit) => {
          const span = access.spanOf(unit.id, window);
          return span ? [{ unit, span }] : [];
        });
    const rows: DailyRow[] = [];
    for (const { unit, span } of spans) {
      const profile = ctx.profiles.profile(unit.profileId);
      const range = { ...span, timeZone: ctx.display.timeZone };
      rows.push(...(await dailyReport(ctx.readings, unit, profile, range)));
      // a site's many units, one per turn: ingest goes on in between
      await nextTurn();
    }
    return query.format === "json" ? rows : new CsvAnswer("daily-report.csv", dailyCsv(rows));
  });
  return api.router;
}
