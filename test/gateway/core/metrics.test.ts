// /metrics in the Prometheus text format: counters by label, gauges read when scraped, and the
// ingest latency summary.
import { describe, expect, it } from "vitest";
import { Metrics } from "../../../gateway/metrics.js";

describe("metrics", () => {
  it("renders counters, computed gauges and latency quantiles as Prometheus text", () => {
    const m = new Metrics();
    m.inc("milkguard_readings_rejected_total", "refused", { reason: "payload:malformed_json" });
    m.inc("milkguard_readings_rejected_total", "refused", { reason: "payload:malformed_json" });
    m.inc("milkguard_readings_rejected_total", "refused", { reason: 'odd"label' });
    m.set("milkguard_devices_connected", "connected", 3);
    m.gaugeFrom("milkguard_alerts", "alerts by state", () => ({ open: 2, acknowledged: 1 }));
    for (let i = 1; i <= 100; i++) m.observeIngestSeconds(i / 1000);
    const text = m.render();
    expect(text).toContain("# TYPE milkguard_readings_rejected_total counter");
    expect(text).toContain('milkguard_readings_rejected_total{reason="payload:malformed_json"} 2');
    expect(text).toContain('milkguard_readings_rejected_total{reason="odd_label"} 1');
    expect(text).toContain("milkguard_devices_connected 3");
    expect(text).toContain('milkguard_alerts{state="open"} 2');
    expect(text).toContain('milkguard_ingest_latency_seconds{quantile="0.5"} 0.051');
    expect(text).toContain('milkguard_ingest_latency_seconds{quantile="0.99"} 0.1');
    expect(text).toContain("milkguard_ingest_latency_seconds_count 100");
    expect(m.total("milkguard_readings_rejected_total")).toBe(3);
  });
});
