// One unit: the air over a chosen range with its limits, alerts and (when picked) a bag's milk
// temperature and ice fraction; the summary is written out under the chart for those who cannot
// read a chart.
import type { Chart } from "chart.js";
import { get, post } from "../api.js";
import type { ChartInput } from "../chart.js";
import { el, field, pageLink } from "../dom.js";
import { ALERT_STATE, ago, alertKind, dateTime, duration, PHASE, SEVERITY, STATUS, temp } from "../format.js";
import { currentReader, plural, t } from "../i18n/reader.js";
import type { Page } from "../page.js";
import type { Alert, Bag, ReadingsWindow, ThawCurve } from "../types.js";
import { badge, errorBox, formError, submitting } from "../ui.js";

const HOUR = 3_600_000;
const RANGES = [
  { id: "hour", ms: HOUR },
  { id: "day", ms: 24 * HOUR },
  { id: "week", ms: 7 * 24 * HOUR },
  { id: "month", ms: 30 * 24 * HOUR },
] as const;

/** value for an <input type="datetime-local"> in the browser's time zone */
function localInput(ms: number): string {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

type ChartData = [ReadingsWindow, Alert[], ThawCurve | undefined];

function fetchChartData(unitId: string, fromMs: number, toMs: number, bagId: string): Promise<ChartData> {
  const window = { from: fromMs, to: toMs };
  return Promise.all([
    get("/api/units/:id/readings", { id: unitId }, window),
    get("/api/alerts", { unitId, state: "open,acknowledged,resolved" }),
    bagId ? get("/api/batches/:id/thaw", { id: bagId }, window) : undefined,
  ]);
}

export async function unitView(root: HTMLElement, page: Page): Promise<void> {
  const unitId = page.params[0] ?? "";
  const words = t().unit;
  // the range is part of the address (#/units/<id>/week), so a wall screen can be pointed at it
  let rangeMs: number = (RANGES.find((r) => r.id === page.params[1]) ?? RANGES[1]).ms;
  // the chart's data is asked for together with the unit, not after it: one round trip less
  const firstToMs = Date.now();
  const firstData = fetchChartData(unitId, firstToMs - rangeMs, firstToMs, "");
  firstData.catch(() => {});
  // Chart.js is most of the code: only pages with a chart load it, while their data is on its way
  const charts = import("../chart.js");
  const [unit, bags] = await Promise.all([
    get("/api/units/:id", { id: unitId }),
    get("/api/batches", { unitId }),
  ]);
  const limits = unit.profile
    ? {
        warningHighC: unit.profile.warningHighC,
        criticalHighC: unit.profile.criticalHighC,
        lowC: unit.profile.lowC,
      }
    : null;

  const current = el("p", { class: "unit-now" });
  const showCurrent = () => {
    const l = unit.latest;
    current.replaceChildren(
      badge(STATUS[unit.status], unit.status),
      " ",
      l ? `${temp(l.tempC)} · ${ago(l.timeMs, Date.now())}` : t().overview.noReading,
      l && page.live.state !== "live" ? el("span", { class: "stale-mark" }, t().overview.stale) : "",
    );
  };
  showCurrent();

  let custom: { fromMs: number; toMs: number } | undefined;
  const rangeButtons = RANGES.map((r) =>
    el(
      "button",
      {
        type: "button",
        "aria-pressed": r.ms === rangeMs ? "true" : "false",
        "data-range": r.id,
        onclick: () => {
          rangeMs = r.ms;
          custom = undefined;
          history.replaceState(null, "", `#/units/${encodeURIComponent(unitId)}/${r.id}`);
          for (const b of rangeButtons) b.setAttribute("aria-pressed", String(b.dataset.range === r.id));
          void refresh();
        },
      },
      words.ranges[r.id],
    ),
  );
  const fromInput = el("input", { type: "datetime-local", value: localInput(Date.now() - 48 * HOUR) });
  const toInput = el("input", { type: "datetime-local", value: localInput(Date.now()) });
  const customForm = el(
    "form",
    {
      class: "custom-range",
      onsubmit: (event: Event) => {
        event.preventDefault();
        custom = { fromMs: new Date(fromInput.value).getTime(), toMs: new Date(toInput.value).getTime() };
        for (const b of rangeButtons) b.setAttribute("aria-pressed", "false");
        void refresh();
      },
    },
    field(words.from, fromInput),
    field(words.to, toInput),
    el("button", { type: "submit" }, words.show),
  );
  const bagSelect = el(
    "select",
    { id: "bag-select", onchange: () => void refresh() },
    el("option", { value: "" }, words.noBag),
    ...bags.map((b) => el("option", { value: b.id }, `${b.label} (${PHASE[b.thaw.phase].text})`)),
  );

  const canvas = el("canvas", {
    id: "unit-chart",
    role: "img",
    "aria-label": words.chartOf(unit.name),
  });
  const summary = el("p", { class: "chart-summary", "aria-live": "polite" });
  const alertList = el("ul", { class: "alert-markers" });
  const ackAll = el("div", { class: "ack-all" });
  root.append(
    el("h1", {}, unit.name),
    el(
      "p",
      { class: "muted" },
      unit.profile ? `${unit.profile.name} · ` : "",
      plural(words.bagsInside, unit.batches.count),
    ),
    current,
    el(
      "div",
      { class: "toolbar" },
      el("div", { class: "button-group", role: "group", "aria-label": words.range }, ...rangeButtons),
      el("details", {}, el("summary", {}, words.customRange), customForm),
      bags.length ? field(words.bagMilk, bagSelect) : null,
    ),
    el("div", { class: "chart-box" }, canvas),
    summary,
    el("h2", {}, words.alertsInRange),
    alertList,
    ackAll,
  );

  let chart: Chart<"line", { x: number; y: number | null }[]> | undefined;
  page.onLeave(() => chart?.destroy());
  let request = 0;

  async function refresh(prefetched?: { toMs: number; data: Promise<ChartData> }): Promise<void> {
    const mine = ++request;
    const toMs = prefetched?.toMs ?? custom?.toMs ?? Date.now();
    const fromMs = prefetched ? toMs - rangeMs : (custom?.fromMs ?? toMs - rangeMs);
    canvas.dataset.rendered = "false";
    try {
      const bagId = bagSelect.value;
      const [air, alerts, curve] = await (prefetched?.data ?? fetchChartData(unitId, fromMs, toMs, bagId));
      if (mine !== request) return;
      const inRange = alerts.filter((a) => a.openedAtMs < toMs && (a.clearedAtMs ?? toMs) >= fromMs);
      const bag = bags.find((b) => b.id === bagId);
      const input: ChartInput = { window: air, limits, alerts: inRange };
      if (bag && curve) input.bag = { label: bag.label, curve };
      chart?.destroy();
      const { drawUnitChart } = await charts;
      if (mine !== request) return;
      chart = drawUnitChart(canvas, input);
      summary.replaceChildren(describe(air, bag && curve ? { bag, curve } : undefined));
      alertList.replaceChildren(...alertItems(inRange));
      showAckAll(alerts.filter((a) => a.state === "open"));
    } catch (err) {
      if (mine === request) summary.replaceChildren(errorBox(err));
    }
  }
  /** several open alerts of this unit (a power cut: excursion, silence, bags) answered in one go */
  function showAckAll(open: Alert[]): void {
    if (open.length < 2) {
      ackAll.replaceChildren();
      return;
    }
    const critical = open.some((a) => a.severity === "critical");
    const comment = el("textarea", { name: "comment", rows: 2, maxlength: 2000, required: critical });
    const form = el(
      "form",
      { class: "alert-action", "aria-label": "Acknowledge all" },
      field(
        "Comment",
        comment,
        critical ? "required: one of them is critical" : "what you are doing about it",
      ),
      el("button", { type: "submit" }, `Acknowledge all ${open.length} open alerts`),
      formError(),
    );
    form.addEventListener(
      "submit",
      submitting(form, async () => {
        await post("/api/alerts/acknowledge", { unitId, comment: comment.value });
        await refresh();
      }),
    );
    ackAll.replaceChildren(form);
  }

  await refresh({ toMs: firstToMs, data: firstData });

  page.onLeave(
    page.live.on("reading", (r) => {
      if (r.unitId !== unitId) return;
      unit.latest = { timeMs: r.timeMs, tempC: r.tempC, fault: null };
      showCurrent();
      const air = chart?.data.datasets[0];
      // a raw chart of a range ending now grows with each reading; a bucketed one waits for a reload
      if (chart && air && !custom && chart.data.datasets.length > 0 && air.label === t().chart.air) {
        air.data.push({ x: r.timeMs, y: r.tempC });
        const x = chart.options.scales?.x;
        if (x) {
          x.max = Date.now();
          x.min = Date.now() - rangeMs;
        }
        chart.update("none");
      }
    }),
  );
  page.onLeave(page.live.onState(showCurrent));
  const ticker = setInterval(showCurrent, 30_000);
  page.onLeave(() => clearInterval(ticker));
  page.onLeave(page.live.onReconnect(() => void refresh()));
  page.onLeave(
    page.live.on("alert", (a) => {
      if (a.unitId !== unitId) return;
      void get("/api/units/:id", { id: unitId })
        .then((u) => {
          unit.status = u.status;
          showCurrent();
        })
        .catch(() => {});
      void refresh();
    }),
  );
}

/**
 * The words of the chart's alert bars, in the order they stand on it (left to right): each alert's
 * severity (icon, word and the colour of its lane), kind, span and state.
 */
function alertItems(alerts: Alert[]): HTMLElement[] {
  if (alerts.length === 0) return [el("li", {}, t().alerts.none)];
  return [...alerts]
    .sort((a, b) => a.openedAtMs - b.openedAtMs)
    .map((a) => {
      // still going on: no end to write (its bar runs up to now)
      const endMs = a.clearedAtMs ?? a.resolution?.atMs;
      return el(
        "li",
        { class: `severity-${a.severity}`, "data-alert-id": a.id },
        pageLink(["alerts", a.id], {}, badge(SEVERITY[a.severity], a.severity), " ", alertKind(a.kind)),
        el("span", { class: "muted" }, endMs ? span(a.openedAtMs, endMs) : `${dateTime(a.openedAtMs)} –`),
        badge(ALERT_STATE[a.state], a.state),
      );
    });
}

/** from one moment to another, the day written once when both fall on it (Intl's formatRange) */
function span(fromMs: number, toMs: number): string {
  const { language, timeZone } = currentReader();
  const format = new Intl.DateTimeFormat(language, { timeZone, dateStyle: "medium", timeStyle: "short" });
  return format.formatRange(fromMs, toMs);
}

function describe(window: ReadingsWindow, shown?: { bag: Bag; curve: ThawCurve }): string {
  const temps =
    window.mode === "raw"
      ? window.readings.flatMap((r) => (r.tempC === null ? [] : [r.tempC]))
      : window.buckets.flatMap((b) => [b.minC, b.maxC].filter((c): c is number => c !== null));
  const how =
    window.mode === "raw"
      ? `${window.readings.length} readings`
      : `${window.buckets.length} buckets of ${duration(window.bucketMs)} (lowest and highest of each kept)`;
  const range =
    temps.length > 0
      ? `, air from ${temp(Math.min(...temps))} to ${temp(Math.max(...temps))}`
      : ", no reading";
  let bag = "";
  const last = shown?.curve.points.at(-1);
  if (shown && last) {
    bag = `. ${shown.bag.label}: milk ${temp(last.milkTempC)}, ${Math.round(last.iceFraction * 100)} % ice at the end`;
  }
  return `${dateTime(window.fromMs)} to ${dateTime(window.toMs)}: ${how}${range}${bag}.`;
}
