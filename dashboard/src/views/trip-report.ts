// A trip's report once the box is handed over: the verdict and its reasons, the air's lowest and
// highest, the time above each limit, whether every bag stayed frozen, the box's chart; the bag
// manifest (on the road, each bag's current estimate); and every version the report went through.
import { get, href } from "../api.js";
import { el } from "../dom.js";
import { dateTime, duration, PHASE, percent, temp, VERDICT } from "../format.js";
import { t } from "../i18n/reader.js";
import type { Bag, Phase, Trip, TripReport, UnitSummary } from "../types.js";
import { badge, empty, table } from "../ui.js";
import { bagName } from "./bags.js";

export async function report(body: HTMLElement, trip: Trip, box: UnitSummary | undefined) {
  const r = trip.report;
  if (!r) return undefined;
  const verdict = VERDICT[r.verdict];
  const words = t().tripReport;
  const canvas = el("canvas", {
    id: "trip-chart",
    role: "img",
    "aria-label": words.chart,
  });
  body.append(
    el("p", { class: `verdict tone-${r.verdict}`, "data-verdict": r.verdict }, badge(verdict, r.verdict)),
    ...(r.provisional
      ? [
          el(
            "p",
            { class: "provisional tone-review", "data-provisional": "true" },
            words.provisional,
            words.again,
          ),
        ]
      : []),
    el("ul", { class: "reasons" }, ...r.reasons.map((x) => el("li", {}, x))),
    el(
      "dl",
      { class: "facts" },
      el("dt", {}, words.air),
      el("dd", {}, `${temp(r.minC)} / ${temp(r.maxC)}`),
      ...Object.entries(r.minutesAbove).flatMap(([limit, minutes]) => [
        el(
          "dt",
          {},
          limit === "criticalHighC"
            ? words.aboveCritical
            : limit === "warningHighC"
              ? words.aboveWarning
              : limit,
        ),
        el("dd", {}, duration(minutes * 60_000)),
      ]),
      el("dt", {}, words.allFrozen),
      el("dd", {}, stayedFrozen(r, r.batches)),
      el("dt", {}, words.report),
      el("dd", { class: "report-version" }, words.version(r.version, dateTime(r.computedAtMs))),
    ),
    el("div", { class: "chart-box chart-small" }, canvas),
    el(
      "p",
      { class: "no-print" },
      el("a", { href: href("/api/trips/:id/report.csv", { id: trip.id }), download: "" }, words.csv),
      " ",
      el("button", { type: "button", onclick: () => window.print() }, words.print),
    ),
  );
  const charts = import("../chart.js");
  const air = await get(
    "/api/units/:id/readings",
    { id: trip.boxUnitId },
    { from: r.fromMs, to: Math.max(r.toMs, r.fromMs + 60_000) },
  ).catch(() => undefined);
  if (!air) return undefined;
  const limits = box?.profile
    ? {
        warningHighC: box.profile.warningHighC,
        criticalHighC: box.profile.criticalHighC,
        lowC: box.profile.lowC,
      }
    : null;
  const { drawUnitChart } = await charts;
  return drawUnitChart(canvas, { window: air, limits, alerts: [] });
}

/** "no" is known from the readings there are; "yes" only once they cover the whole trip */
export function stayedFrozen(report: TripReport, bags: TripReport["batches"]): string {
  const words = t().tripReport;
  if (bags.every((b) => b.stayedFrozen)) return words.yes;
  const known = !report.provisional || bags.some((b) => b.phase !== "frozen");
  return known ? words.no : words.notKnown;
}

/** at hand-over the report's state of each bag; on the road the bag's current estimate */
export function manifest(trip: Trip, inBox: Bag[], nameOf: (id: string) => string): HTMLElement {
  const words = t().tripReport;
  const reported = new Map(trip.report?.batches.map((b) => [b.batchId, b]));
  const current = new Map(inBox.map((b) => [b.id, b]));
  const rows = trip.pickups.flatMap((p) =>
    p.batchIds.map((id) => {
      const r = reported.get(id);
      const b = current.get(id);
      const phase = (r?.phase ?? b?.thaw.phase) as Phase | undefined;
      const ice = r?.iceFraction ?? b?.thaw.iceFraction;
      const code = r?.code ?? b?.code;
      const label = r?.label ?? b?.label ?? "";
      return [
        nameOf(p.donorId),
        dateTime(p.atMs),
        code ? bagName({ code, label }) : label,
        phase ? badge(PHASE[phase] ?? { icon: "", text: phase }, phase) : "—",
        ice === undefined ? "—" : percent(ice),
        r && trip.report ? stayedFrozen(trip.report, [r]) : words.notHandedOver,
      ];
    }),
  );
  return el(
    "section",
    {},
    el("h2", {}, words.manifest),
    rows.length ? table(words.manifestColumns, rows, { class: "manifest" }) : empty(words.noPickup),
  );
}

/** every version the report went through as the box's readings came in, the latest last */
export function versions(trip: Trip): HTMLElement {
  const words = t().tripReport;
  const all = [...(trip.earlierReports ?? []), ...(trip.report ? [trip.report] : [])];
  return el(
    "section",
    {},
    el("h2", {}, words.versions),
    table(
      words.versionColumns,
      all.map((r) => [
        String(r.version),
        dateTime(r.computedAtMs),
        badge(VERDICT[r.verdict], r.verdict),
        r.provisional ? words.incomplete : words.wholeTrip,
        r.reasons.join("; ") || "—",
      ]),
      { class: "report-versions" },
    ),
  );
}
