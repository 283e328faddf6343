// Counters, gauges and one latency summary, rendered in the Prometheus text format for /metrics.
// One Metrics object per gateway (no module state), so tests can run several gateways side by side.

type Labels = Record<string, string>;

interface Family {
  help: string;
  type: "counter" | "gauge";
  values: Map<string, number>;
}

/** Recent samples kept for the quantiles; old ones are overwritten (a window, not a history). */
const LATENCY_WINDOW = 4096;
const QUANTILES = [0.5, 0.9, 0.99];

export class Metrics {
  private readonly families = new Map<string, Family>();
  private readonly gaugeReaders = new Map<
    string,
    { help: string; read: () => Record<string, number>; label: string }
  >();
  private readonly latency = { samples: new Float64Array(LATENCY_WINDOW), next: 0, count: 0, sum: 0 };

  inc(name: string, help: string, labels: Labels = {}, by = 1): void {
    this.add(name, help, "counter", labels, by);
  }

  set(name: string, help: string, value: number, labels: Labels = {}): void {
    const family = this.family(name, help, "gauge");
    family.values.set(labelText(labels), value);
  }

  /** A gauge computed when /metrics is read, e.g. alerts by state. Values keyed by `label`. */
  gaugeFrom(name: string, help: string, read: () => Record<string, number>, label = "state"): void {
    this.gaugeReaders.set(name, { help, read, label });
  }

  observeIngestSeconds(seconds: number): void {
    const l = this.latency;
    l.samples[l.next] = seconds;
    l.next = (l.next + 1) % LATENCY_WINDOW;
    l.count += 1;
    l.sum += seconds;
  }

  /** Current value of a counter or gauge, 0 when never touched. */
  value(name: string, labels: Labels = {}): number {
    return this.families.get(name)?.values.get(labelText(labels)) ?? 0;
  }

  /** Sum over all label sets of a counter. */
  total(name: string): number {
    let sum = 0;
    for (const v of this.families.get(name)?.values.values() ?? []) sum += v;
    return sum;
  }

  quantile(q: number): number {
    const l = this.latency;
    const n = Math.min(l.count, LATENCY_WINDOW);
    if (n === 0) return 0;
    const sorted = Array.from(l.samples.subarray(0, n)).sort((a, b) => a - b);
    return sorted[Math.min(n - 1, Math.floor(q * n))] ?? 0;
  }

  render(): string {
    const out: string[] = [];
    for (const [name, f] of this.families) {
      out.push(`# HELP ${name} ${f.help}`, `# TYPE ${name} ${f.type}`);
      for (const [labels, v] of f.values) out.push(`${name}${labels} ${v}`);
    }
    for (const [name, g] of this.gaugeReaders) {
      out.push(`# HELP ${name} ${g.help}`, `# TYPE ${name} gauge`);
      for (const [key, v] of Object.entries(g.read()))
        out.push(`${name}${labelText({ [g.label]: key })} ${v}`);
    }
    const name = "milkguard_ingest_latency_seconds";
    out.push(`# HELP ${name} arrival of a readings message to its readings durably stored`);
    out.push(`# TYPE ${name} summary`);
    for (const q of QUANTILES) out.push(`${name}{quantile="${q}"} ${this.quantile(q)}`);
    out.push(`${name}_sum ${this.latency.sum}`, `${name}_count ${this.latency.count}`);
    return `${out.join("\n")}\n`;
  }

  private add(name: string, help: string, type: Family["type"], labels: Labels, by: number): void {
    const family = this.family(name, help, type);
    const key = labelText(labels);
    family.values.set(key, (family.values.get(key) ?? 0) + by);
  }

  private family(name: string, help: string, type: Family["type"]): Family {
    let family = this.families.get(name);
    if (!family) {
      family = { help, type, values: new Map() };
      this.families.set(name, family);
    }
    return family;
  }
}

function labelText(labels: Labels): string {
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return "";
  const parts = keys.map((k) => `${k}="${String(labels[k]).replace(/["\\\n]/g, "_")}"`);
  return `{${parts.join(",")}}`;
}

/** What H6's /metrics route calls. */
export function renderMetrics(metrics: Metrics): string {
  return metrics.render();
}

/** Metric names used by more than one part, so a typo cannot split a series. */
export const METRIC = {
  readingsIn: ["milkguard_readings_in_total", "readings accepted and stored"],
  readingsRejected: ["milkguard_readings_rejected_total", "readings or messages refused, by reason"],
  duplicates: ["milkguard_readings_duplicate_total", "readings received again (device resends)"],
  sequenceGaps: ["milkguard_sequence_gaps_total", "sequences a device no longer had when it sent"],
  droppedByDevices: [
    "milkguard_readings_dropped_by_devices_total",
    "readings devices say they dropped, oldest first, because their flash was full",
  ],
  authFailures: ["milkguard_auth_failures_total", "MQTT connections or topics refused, by reason"],
  connected: ["milkguard_devices_connected", "MQTT clients connected now"],
  notifications: ["milkguard_notifications_total", "alert notices sent, by channel and outcome"],
  notJudged: [
    "milkguard_readings_not_judged_total",
    "stored readings the rules left out: sent twice, or older than their reorder window",
  ],
} as const;
