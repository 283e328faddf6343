// A child process for heap-growth.test.ts: holds a live set and passes objects through that live a
// few collections, as a storm's backlogs do, and prints the largest heap it saw in MiB.
// usage: heap-churn.ts bounded|default
import { boundHeapGrowth } from "../../../gateway/heap-growth.js";

if (process.argv[2] === "bounded") boundHeapGrowth();
const live: object[] = [];
for (let i = 0; i < 600_000; i++) live.push({ i, name: `unit-${i}`, pair: [i, i + 1] });
const passing: object[] = new Array(200_000);
let peak = 0;
// 16 rounds pass ~480 MiB through, so V8's own growth reaches its limit and collects at least once:
// with fewer, the default's peak is only what was allocated, and a collection started early (as on a
// loaded machine) made it small enough to fail the comparison.
for (let round = 0; round < 16; round++) {
  for (let i = 0; i < passing.length; i++) passing[i] = { round, temps: [i, i * 2, i * 3], seq: `s${i}` };
  await new Promise((resolve) => setImmediate(resolve));
  peak = Math.max(peak, process.memoryUsage().heapTotal);
}
console.log(Math.round(peak / 2 ** 20));
