// The unit chart: air temperature (raw, or each bucket's min-max envelope and mean when the API
// downsampled, so a peak is never hidden), the profile's limits as labelled bands, alerts as bars in
// lanes by severity above the plot, and a selected bag's milk temperature and ice fraction from the
// thaw model.
import {
  Chart,
  type ChartDataset,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  type Plugin,
  PointElement,
  Tooltip,
} from "chart.js";
import { alertLanes, laneSeverities } from "./alert-lanes.js";
import { dateTime, moment, temp, tempNumber, tempUnit } from "./format.js";
import { t } from "./i18n/reader.js";
import type { Alert, ReadingsWindow, Severity, ThawCurve } from "./types.js";

Chart.register(LineController, LineElement, PointElement, LinearScale, Filler, Legend, Tooltip);

export interface Limits {
  warningHighC: number;
  criticalHighC: number;
  lowC: number | null;
}

export interface ChartInput {
  window: ReadingsWindow;
  limits: Limits | null;
  alerts: Alert[];
  bag?: { label: string; curve: ThawCurve };
}

type Point = { x: number; y: number | null };

const COLORS = {
  air: "#1f5fa8",
  envelope: "rgba(31, 95, 168, 0.18)",
  warning: "rgba(230, 150, 0, 0.16)",
  critical: "rgba(200, 30, 30, 0.14)",
  cold: "rgba(40, 120, 220, 0.12)",
  milk: "#8a3ea8",
  ice: "#2a9d8f",
  text: "#333",
};

/** draws the bands behind the data, each with its words, so the colour is never the only signal */
function limitBands(limits: Limits): Plugin<"line"> {
  return {
    id: "limitBands",
    beforeDatasetsDraw(chart) {
      const { ctx, chartArea: area, scales } = chart;
      const y = scales.y;
      if (!y) return;
      const band = (fromC: number, toC: number, fill: string, label: string) => {
        const top = Math.max(area.top, Math.min(area.bottom, y.getPixelForValue(toC)));
        const bottom = Math.max(area.top, Math.min(area.bottom, y.getPixelForValue(fromC)));
        if (bottom - top < 1) return;
        ctx.save();
        ctx.fillStyle = fill;
        ctx.fillRect(area.left, top, area.right - area.left, bottom - top);
        if (bottom - top > 14) {
          ctx.fillStyle = COLORS.text;
          ctx.font = "12px system-ui, sans-serif";
          ctx.fillText(label, area.left + 6, top + 13);
        }
        ctx.restore();
      };
      const words = t().chart;
      band(limits.criticalHighC, y.max, COLORS.critical, words.criticalAbove(temp(limits.criticalHighC)));
      band(
        limits.warningHighC,
        limits.criticalHighC,
        COLORS.warning,
        words.warningAbove(temp(limits.warningHighC)),
      );
      if (limits.lowC !== null) band(y.min, limits.lowC, COLORS.cold, words.tooCold(temp(limits.lowC)));
    },
  };
}

/** an alert lane's colour, as the alert board's rows and the list under the chart (style.css) */
const LANE_COLORS: Record<Severity, string> = { critical: "#a3161a", warning: "#e69600", info: "#1f5fa8" };

/** the lanes' bars, and the room kept for them above the plot (px) */
const LANE = { heightPx: 6, gapPx: 3, minWidthPx: 3, mergePx: 4 };

function laneRoomPx(lanes: number): number {
  return lanes === 0 ? 0 : lanes * (LANE.heightPx + LANE.gapPx) + LANE.gapPx;
}

/**
 * Alerts as bars in lanes above the plot (alert-lanes.ts), nothing drawn on the plot itself: nothing
 * covers the air, the limits or their words however many alerts there are, on any width; each
 * alert's words are in the list under the chart.
 */
function alertMarkers(alerts: Alert[]): Plugin<"line"> {
  return {
    id: "alertMarkers",
    afterDatasetsDraw(chart) {
      const { ctx, chartArea: area, scales } = chart;
      const x = scales.x;
      if (!x) return;
      const msPerPx = (x.max - x.min) / Math.max(1, area.right - area.left);
      const window = { fromMs: x.min, toMs: x.max, nowMs: Date.now() };
      const lanes = alertLanes(alerts, window, LANE.mergePx * msPerPx);
      const firstTop = area.top - laneRoomPx(lanes.length);
      ctx.save();
      lanes.forEach((lane, row) => {
        const top = firstTop + LANE.gapPx + row * (LANE.heightPx + LANE.gapPx);
        ctx.fillStyle = LANE_COLORS[lane.severity];
        for (const span of lane.spans) {
          const from = x.getPixelForValue(span.fromMs);
          const width = Math.max(LANE.minWidthPx, x.getPixelForValue(span.toMs) - from);
          ctx.fillRect(Math.min(from, area.right - width), top, width, LANE.heightPx);
        }
      });
      ctx.restore();
    },
  };
}

/**
 * marks the canvas once drawn, with the time since navigation, for tests and the bench (the chart
 * draws without animation, so this is when the user sees it)
 */
const renderedFlag: Plugin<"line"> = {
  id: "renderedFlag",
  afterRender(chart) {
    chart.canvas.dataset.rendered = "true";
    chart.canvas.dataset.renderedAtMs = performance.now().toFixed(1);
  },
};

function airDatasets(window: ReadingsWindow): ChartDataset<"line", Point[]>[] {
  if (window.mode === "raw") {
    return [
      {
        label: t().chart.air,
        data: window.readings.map((r) => ({ x: r.timeMs, y: r.tempC })),
        borderColor: COLORS.air,
        borderWidth: 1.5,
        pointRadius: window.readings.length > 120 ? 0 : 2,
        spanGaps: false,
        yAxisID: "y",
      },
    ];
  }
  const mid = (startMs: number) => startMs + window.bucketMs / 2;
  const common = { pointRadius: 0, borderWidth: 1, yAxisID: "y", spanGaps: false } as const;
  return [
    {
      ...common,
      label: t().chart.airHighest,
      data: window.buckets.map((b) => ({ x: mid(b.startMs), y: b.maxC })),
      borderColor: COLORS.envelope,
    },
    {
      ...common,
      label: t().chart.airLowest,
      data: window.buckets.map((b) => ({ x: mid(b.startMs), y: b.minC })),
      borderColor: COLORS.envelope,
      backgroundColor: COLORS.envelope,
      fill: "-1",
    },
    {
      ...common,
      label: t().chart.airMean,
      data: window.buckets.map((b) => ({ x: mid(b.startMs), y: b.meanC })),
      borderColor: COLORS.air,
      borderWidth: 1.5,
    },
  ];
}

function bagDatasets(bag: ChartInput["bag"]): ChartDataset<"line", Point[]>[] {
  if (!bag) return [];
  const common = { pointRadius: 0, borderWidth: 2 } as const;
  return [
    {
      ...common,
      label: t().chart.milkIn(bag.label),
      data: bag.curve.points.map((p) => ({ x: p.timeMs, y: p.milkTempC })),
      borderColor: COLORS.milk,
      borderDash: [6, 3],
      yAxisID: "y",
    },
    {
      ...common,
      label: t().chart.iceIn(bag.label),
      data: bag.curve.points.map((p) => ({ x: p.timeMs, y: p.iceFraction * 100 })),
      borderColor: COLORS.ice,
      borderDash: [2, 2],
      yAxisID: "ice",
    },
  ];
}

const toF = (c: number) => (c * 9) / 5 + 32;
const NICE_STEPS = [1, 2, 5, 10, 20, 50];

/** ticks at round °F (Chart.js would put them at round °C, which read as -7.6 °F, -4.0 °F…) */
function fahrenheitTicks(minC: number, maxC: number): { value: number }[] {
  const [low, high] = [toF(minC), toF(maxC)];
  const step = NICE_STEPS.find((s) => (high - low) / s <= 8) ?? 100;
  const ticks: { value: number }[] = [];
  for (let f = Math.ceil(low / step) * step; f <= high; f += step) ticks.push({ value: ((f - 32) * 5) / 9 });
  return ticks;
}

const HOURS: Intl.DateTimeFormatOptions = { hour: "2-digit", minute: "2-digit" };
const DAYS: Intl.DateTimeFormatOptions = { day: "numeric", month: "short" };

/** the time of day within a day, the day and time within a week, the day beyond */
function tickLabel(spanMs: number): (value: number | string) => string {
  const parts = spanMs <= 86_400_000 ? HOURS : spanMs <= 7 * 86_400_000 ? { ...DAYS, ...HOURS } : DAYS;
  return (value) => moment(Number(value), parts);
}

export function drawUnitChart(canvas: HTMLCanvasElement, input: ChartInput): Chart<"line", Point[]> {
  const { window, limits } = input;
  const spanMs = window.toMs - window.fromMs;
  const plugins: Plugin<"line">[] = [alertMarkers(input.alerts), renderedFlag];
  if (limits) plugins.unshift(limitBands(limits));
  return new Chart<"line", Point[]>(canvas, {
    type: "line",
    data: { datasets: [...airDatasets(window), ...bagDatasets(input.bag)] },
    plugins,
    options: {
      animation: false,
      maintainAspectRatio: false,
      parsing: false,
      normalized: true,
      interaction: { mode: "nearest", axis: "x", intersect: false },
      // room above the plot for the alert lanes, one row for each severity among the alerts
      layout: {
        padding: {
          top: laneRoomPx(laneSeverities(input.alerts).length),
        },
      },
      scales: {
        x: {
          type: "linear",
          min: window.fromMs,
          max: window.toMs,
          ticks: { callback: tickLabel(spanMs), maxRotation: 0, autoSkipPadding: 12 },
        },
        y: {
          type: "linear",
          // the data stay °C (as the API sends them); the ticks read in the reader's unit
          title: { display: true, text: tempUnit() },
          ticks: { callback: (value) => tempNumber(Number(value)) },
          afterBuildTicks: (axis) => {
            if (tempUnit() === "°F") axis.ticks = fahrenheitTicks(axis.min, axis.max);
          },
          // the limits stay in view even when the air is far from them
          ...(limits
            ? {
                suggestedMax: limits.criticalHighC + 2,
                suggestedMin: Math.min(limits.warningHighC, limits.lowC ?? limits.warningHighC) - 4,
              }
            : {}),
        },
        ice: {
          type: "linear",
          display: input.bag !== undefined,
          position: "right",
          min: 0,
          max: 100,
          title: { display: true, text: t().chart.icePercent },
          grid: { drawOnChartArea: false },
        },
      },
      plugins: {
        legend: { position: "bottom", labels: { boxWidth: 14 } },
        tooltip: {
          callbacks: {
            title: (items) => (items[0] ? dateTime(items[0].parsed.x ?? 0) : ""),
            label: (item) =>
              item.dataset.yAxisID === "ice"
                ? `${item.dataset.label}: ${Math.round(item.parsed.y ?? 0)}`
                : `${item.dataset.label}: ${temp(item.parsed.y)}`,
          },
        },
      },
    },
  });
}
