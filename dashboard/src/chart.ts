// The unit chart: air temperature (raw, or each bucket's min-max envelope and mean when the API
// downsampled, so a peak is never hidden), the profile's limits as labelled bands, alerts as labelled
// markers, and a selected bag's milk temperature and ice fraction from the thaw model.
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
import { alertKind, dateTime, moment, SEVERITY, temp, tempNumber, tempUnit } from "./format.js";
import { t } from "./i18n/reader.js";
import type { Alert, ReadingsWindow, ThawCurve } from "./types.js";

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
  marker: "#b3261e",
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

function alertMarkers(alerts: Alert[]): Plugin<"line"> {
  return {
    id: "alertMarkers",
    afterDatasetsDraw(chart) {
      const { ctx, chartArea: area, scales } = chart;
      const x = scales.x;
      if (!x) return;
      // labels go up a line when they would overlap the one before, so several alerts at once stay readable
      const rowEnds: number[] = [];
      const sorted = [...alerts].sort((a, b) => a.openedAtMs - b.openedAtMs);
      for (const alert of sorted) {
        const px = x.getPixelForValue(alert.openedAtMs);
        if (px < area.left || px > area.right) continue;
        ctx.save();
        ctx.strokeStyle = COLORS.marker;
        ctx.setLineDash([4, 3]);
        ctx.beginPath();
        ctx.moveTo(px, area.top);
        ctx.lineTo(px, area.bottom);
        ctx.stroke();
        ctx.fillStyle = COLORS.marker;
        ctx.font = "bold 12px system-ui, sans-serif";
        const label = `${SEVERITY[alert.severity].icon} ${alertKind(alert.kind)}`;
        const width = ctx.measureText(label).width;
        const left = px + 4 + width > area.right ? px - 4 - width : px + 4;
        let row = rowEnds.findIndex((end) => end < left);
        if (row < 0) row = rowEnds.length;
        rowEnds[row] = left + width + 8;
        ctx.fillText(label, left, area.bottom - 6 - row * 15);
        ctx.restore();
      }
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
