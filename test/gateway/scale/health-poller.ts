// Polls the gateway's /healthz from a process of its own (so the storm's other processes cannot delay
// a poll) every POLL_EVERY_MS until its stdin closes, then prints one line of JSON: how many polls,
// how many went unanswered or were not 200, and the latencies (an unanswered poll counts as its
// whole wait).
//
// usage: health-poller.ts <url>
import { performance } from "node:perf_hooks";

export interface HealthReport {
  polls: number;
  /** no answer within PATIENCE_MS, or a status other than 200 */
  failed: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

const POLL_EVERY_MS = 20;
const PATIENCE_MS = 10_000;

const [url] = process.argv.slice(2);
const latencies: number[] = [];
let failed = 0;
let running = true;
process.stdin.on("end", () => {
  running = false;
});
process.stdin.resume();

while (running) {
  const t0 = performance.now();
  try {
    const res = await fetch(url ?? "", { signal: AbortSignal.timeout(PATIENCE_MS) });
    await res.arrayBuffer();
    if (res.status !== 200) failed++;
  } catch {
    failed++;
  }
  const ms = performance.now() - t0;
  latencies.push(ms);
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, POLL_EVERY_MS - ms)));
}
latencies.sort((a, b) => a - b);
const at = (q: number) =>
  Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);
const report: HealthReport = {
  polls: latencies.length,
  failed,
  p50Ms: at(0.5),
  p99Ms: at(0.99),
  maxMs: at(1),
};
process.stdout.write(`${JSON.stringify(report)}\n`);
