// The rules' speed: one year of 1-minute readings of one donor freezer with 100 bags inside, replayed
// through shared/rules (goal < 1 s), with and without a clock tick per reading; and the cost of a
// reading that arrives out of order (a re-run from the snapshot).
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { getProfile, getRuleSet } from "../shared/profiles/index.js";
import { evaluate, initialUnitState, type RuleContext, type UnitState } from "../shared/rules/index.js";
import type { BatchSpec, RuleInput } from "../shared/rules/types.js";

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 0, 1);
const YEAR_MINUTES = 365 * 24 * 60;
const BAGS = 100;

function context(): RuleContext {
  const profile = getProfile("donor-freezer");
  const ruleSet = getRuleSet("cdc-home");
  if (!profile || !ruleSet) throw new Error("the published profiles are missing donor-freezer or cdc-home");
  return { unitId: "bench-freezer", profile, ruleSet };
}

/** a freezer at about -19 C: compressor cycles of 40 min and a door opened twice a day */
function airAt(minute: number): number {
  const cycle = Math.abs((minute % 40) - 20) / 20;
  const door = minute % 720 < 2 ? 6 : 0;
  return Math.round((-21 + 4 * cycle + door) * 16) / 16;
}

function withBags(ctx: RuleContext): UnitState {
  let state = evaluate(
    initialUnitState(),
    { kind: "reading", reading: { timeMs: T0, tempC: -20 } },
    ctx,
  ).state;
  for (let i = 0; i < BAGS; i++) {
    const batch: BatchSpec = {
      id: `bag-${i}`,
      volumeMl: 60 + (i % 5) * 30,
      container: i % 10 === 0 ? "bottle" : "flat-bag",
      // expressed the day the year starts: none reaches CDC's 12 months within it
      expressedAtMs: T0 + 24 * 60 * MINUTE,
      purpose: "own",
      processing: "raw",
    };
    state = evaluate(state, { kind: "batch-in", timeMs: T0, batch }, ctx).state;
  }
  return state;
}

function replayYear(ctx: RuleContext, ticks: boolean): { ms: number; events: number } {
  let state = withBags(ctx);
  let events = 0;
  const started = performance.now();
  for (let m = 1; m <= YEAR_MINUTES; m++) {
    const timeMs = T0 + m * MINUTE;
    const result = evaluate(state, { kind: "reading", reading: { timeMs, tempC: airAt(m) } }, ctx);
    state = result.state;
    events += result.events.length;
    if (ticks) {
      const ticked = evaluate(state, { kind: "tick", timeMs }, ctx);
      state = ticked.state;
      events += ticked.events.length;
    }
  }
  return { ms: performance.now() - started, events };
}

function lateReadings(ctx: RuleContext, count: number): number {
  let state = withBags(ctx);
  const hour: RuleInput[] = [];
  for (let m = 1; m <= 120; m++) {
    if (m % 2 === 0) hour.push({ kind: "reading", reading: { timeMs: T0 + m * MINUTE, tempC: airAt(m) } });
    else
      state = evaluate(
        state,
        { kind: "reading", reading: { timeMs: T0 + m * MINUTE, tempC: airAt(m) } },
        ctx,
      ).state;
  }
  const late = hour.slice(-count);
  const started = performance.now();
  for (const input of late) state = evaluate(state, input, ctx).state;
  return (performance.now() - started) / late.length;
}

export async function run(): Promise<Record<string, string | number>> {
  const ctx = context();
  replayYear(ctx, false); // warm the JIT
  const year = replayYear(ctx, false);
  const withTicks = replayYear(ctx, true);
  return {
    [`rules: one year of 1-minute readings, ${BAGS} bags, ms (goal < 1000)`]: Math.round(year.ms),
    "rules: the same with a clock tick per reading, ms": Math.round(withTicks.ms),
    "rules: alerts over that year (door openings and compressor cycles: none)": year.events,
    "rules: one reading out of order (re-run of up to 2 h with 100 bags), ms": Number(
      lateReadings(ctx, 30).toFixed(2),
    ),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) console.table(await run());
