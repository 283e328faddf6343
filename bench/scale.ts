// A reconnect storm (issue 17): N devices, each with readings buffered while the gateway was away,
// all connecting in the same moment, against the real gateway in its own process, the devices in
// another and /healthz polled from a third (test/gateway/scale/storm.ts). Prints, for each size:
// crash or not, readings stored against sent, drain time, /healthz p99 and worst, peak RSS, and the
// CPU the gateway and the devices used meanwhile (which says whether a slow run was the machine's).
// `npx tsx bench/scale.ts 6000 100` runs one size alone; GATEWAY_NODE_FLAGS="--max-old-space-size=384"
// gives the gateway's node those flags (docs/scaling.md: a heap limit where memory is tight).
import { fileURLToPath } from "node:url";
import { runStorm, type StormResult } from "../test/gateway/scale/storm.js";
import type { Quantiles, StormReport } from "../test/gateway/scale/storm-devices.js";

interface Size {
  devices: number;
  readings: number;
  goalS: number;
  /** issue 17 sets a memory goal for the first size only */
  rssGoalMiB?: number;
}

/** devices × readings each; the goals are issue 17's */
const SIZES: Size[] = [
  { devices: 10_000, readings: 100, goalS: 60, rssGoalMiB: 500 },
  { devices: 10_000, readings: 1_000, goalS: 120 },
];
/** a storm not drained by then is reported as such */
const GIVE_UP_MS = 300_000;

export async function run(sizes = SIZES): Promise<Record<string, string | number>> {
  const figures: Record<string, string | number> = {};
  for (const size of sizes) {
    const result = await runStorm({
      devices: size.devices,
      readingsPerDevice: size.readings,
      giveUpMs: GIVE_UP_MS,
    });
    Object.assign(figures, describe(`${size.devices} × ${size.readings}`, size, result));
  }
  return figures;
}

function describe(name: string, size: Size, r: StormResult): Record<string, string | number> {
  const refused = Object.entries(r.devices?.refused ?? {})
    .map(([code, n]) => `${n} (code ${code})`)
    .join(", ");
  return {
    [`${name}: gateway crashed (goal: no)`]: r.crash ?? "no",
    [`${name}: readings stored / sent (goal: all, once)`]: `${r.stored} / ${r.sent}`,
    [`${name}: drained s (goal <= ${size.goalS})`]: drained(r),
    [`${name}: readings acked by, 50 / 90 / 99 % (s)`]: r.devices ? shares(r.devices) : "-",
    [`${name}: /healthz p99 / worst ms (goal p99 <= 1000)`]: `${r.health.p99Ms} / ${r.health.maxMs}`,
    [`${name}: /healthz polls failed`]: `${r.health.failed} of ${r.health.polls}`,
    [`${name}: peak RSS MiB${size.rssGoalMiB ? ` (goal <= ${size.rssGoalMiB})` : ""}`]: r.peakRssMiB,
    [`${name}: gateway CPU s, process / main thread (main thread waiting for a core)`]: r.cpu
      ? `${r.cpu.gateway.processS} / ${r.cpu.gateway.mainThreadS} (${r.cpu.gateway.mainThreadWaitS})`
      : "-",
    [`${name}: the simulated devices' process, CPU s (on the same cores)`]: r.cpu?.devicesS ?? "-",
    [`${name}: CONNECTs, refused`]: r.devices ? `${r.devices.connectAttempts}, ${refused || "none"}` : "-",
    [`${name}: CONNACKs given up (after 10 s)`]: r.devices?.connackTimeouts ?? "-",
    [`${name}: TCP handshake p50 / p90 / p99 ms`]: r.devices ? spread(r.devices.handshakeMs) : "-",
    [`${name}: connect to CONNACK p50 / p90 / p99 ms`]: r.devices ? spread(r.devices.connackMs) : "-",
  };
}

const spread = (q: Quantiles) => `${q.p50} / ${q.p90} / ${q.p99}`;

const shares = (d: StormReport) =>
  Object.values(d.ackedShareMs)
    .map((ms) => (ms === null ? "not yet" : (ms / 1000).toFixed(1)))
    .join(" / ");

function drained(r: StormResult): string {
  if (typeof r.devices?.drainedMs === "number") return (r.devices.drainedMs / 1000).toFixed(1);
  return r.crash === null ? `not within ${GIVE_UP_MS / 1000} s` : "no: crashed";
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [devices, readings] = process.argv.slice(2).map(Number);
  const perDevice = readings || 100;
  // a size of the issue's keeps its goals; any other is held to the first one's time
  const issueSize = SIZES.find((s) => s.devices === devices && s.readings === perDevice);
  const sizes = devices
    ? [issueSize ?? { devices, readings: perDevice, goalS: SIZES[0]?.goalS ?? 60 }]
    : SIZES;
  console.table(await run(sizes));
}
