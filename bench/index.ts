// `npm run bench`: every benchmark in turn, each printing its figures as it finishes. A bench that
// needs a server this machine lacks (InfluxDB, Mosquitto, Chromium: `npm test` installs them)
// reports why it could not run, and the others go on. Each also runs alone: npx tsx bench/<name>.ts
import { performance } from "node:perf_hooks";

interface Bench {
  name: string;
  what: string;
  /** a bench's run() returns its figures, or prints them itself */
  load: () => Promise<{ run: () => Promise<unknown> }>;
}

const BENCHES: Bench[] = [
  { name: "rules", what: "a year of readings through the rules", load: () => import("./rules.js") },
  { name: "store", what: "the embedded SQLite store", load: () => import("./store.js") },
  { name: "gateway", what: "MQTT to stored and alerted, memory", load: () => import("./gateway.js") },
  { name: "devices", what: "100 real firmware files in the simulation", load: () => import("./devices.js") },
  { name: "influx", what: "readings in InfluxDB", load: () => import("./influx.js") },
  { name: "external-broker", what: "through Mosquitto", load: () => import("./external-broker.js") },
  { name: "dashboard", what: "a 30-day chart in Chromium", load: () => import("./dashboard.js") },
  { name: "notify", what: "publish to e-mail received", load: () => import("./notify.js") },
  { name: "scale", what: "10,000 devices reconnecting at once", load: () => import("./scale.js") },
  {
    name: "history",
    what: "a year of readings: charts, reports, a bag's curve",
    load: () => import("./history.js"),
  },
  {
    name: "hostile",
    what: "fuzz, oversized packets, a locked file, kill -9s",
    load: () => import("./hostile.js"),
  },
];

let failed = 0;
const only = process.argv.slice(2);
const chosen = only.length > 0 ? BENCHES.filter((b) => only.includes(b.name)) : BENCHES;
for (const [i, bench] of chosen.entries()) {
  console.log(`\n[${i + 1}/${chosen.length}] ${bench.name}: ${bench.what} ...`);
  const started = performance.now();
  try {
    const figures = await (await bench.load()).run();
    if (figures && typeof figures === "object") console.table(figures);
    console.log(`    done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } catch (err) {
    failed++;
    console.log(`    could not run: ${err instanceof Error ? err.message : String(err)}`);
  }
}
if (failed > 0) {
  console.log(`\n${failed} benchmark(s) could not run; see above.`);
  process.exitCode = 1;
}
