// Temperature traces from test/fixtures/traces run through the real rules: a reading every interval
// (linear between the trace's points), a clock tick after each as the gateway gives, bags placed at
// the start. Readings can be delivered out of order to check the rules' replay.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { getProfile, getRuleSet } from "../../shared/profiles/index.js";
import {
  batchThaw,
  evaluate,
  initialUnitState,
  type RuleContext,
  type UnitState,
} from "../../shared/rules/index.js";
import type {
  BatchSpec,
  BatchThawState,
  RuleEvent,
  RuleInput,
  UnitReading,
} from "../../shared/rules/types.js";

export const T0 = Date.UTC(2026, 0, 10, 8, 0, 0);
const MIN = 60_000;

export interface Trace {
  description: string;
  intervalS: number;
  /** [minute, air C], linear in between */
  points: [number, number][];
  /** the points are one period, repeated this many times */
  repeat?: number;
}

export function loadTrace(name: string): Trace {
  return JSON.parse(readFileSync(join(import.meta.dirname, "../fixtures/traces", `${name}.json`), "utf8"));
}

export function readingsOf(trace: Trace, startMs = T0): UnitReading[] {
  const period = trace.points[trace.points.length - 1]?.[0] ?? 0;
  const totalMin = period * (trace.repeat ?? 1);
  const readings: UnitReading[] = [];
  for (let s = 0; s <= totalMin * 60; s += trace.intervalS) {
    const minute = s / 60;
    const inPeriod =
      trace.repeat && minute < totalMin ? minute % period : minute - period * ((trace.repeat ?? 1) - 1);
    readings.push({
      timeMs: startMs + s * 1000,
      tempC: Math.round(airAt(trace.points, inPeriod) * 100) / 100,
    });
  }
  return readings;
}

function airAt(points: [number, number][], minute: number): number {
  for (let i = 1; i < points.length; i++) {
    const [m0, c0] = points[i - 1] as [number, number];
    const [m1, c1] = points[i] as [number, number];
    if (minute <= m1) return m1 === m0 ? c1 : c0 + ((c1 - c0) * (minute - m0)) / (m1 - m0);
  }
  return (points[points.length - 1] as [number, number])[1];
}

/** 30 days of a donor freezer whose air hovers around its -18 C limit: a slow swing and noise */
export function hoveringFreezer(days = 30, startMs = T0): UnitReading[] {
  const readings: UnitReading[] = [];
  let seed = 7;
  const noise = () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647 - 0.5;
  };
  for (let m = 0; m < days * 24 * 60; m += 5) {
    const air = -18.2 + 0.5 * Math.sin((2 * Math.PI * m) / (7 * 60)) + noise() * 1.6;
    readings.push({ timeMs: startMs + m * MIN, tempC: Math.round(air * 100) / 100 });
  }
  return readings;
}

export function contextOf(profileId: string, ruleSetId: string, unitId = "unit-1"): RuleContext {
  const profile = getProfile(profileId);
  const ruleSet = getRuleSet(ruleSetId);
  if (!profile || !ruleSet) throw new Error(`unknown profile ${profileId} or rule set ${ruleSetId}`);
  return { unitId, profile, ruleSet };
}

export function bag(id: string, volumeMl: number, container: BatchSpec["container"] = "flat-bag"): BatchSpec {
  return {
    id,
    volumeMl,
    container,
    expressedAtMs: T0 - 7 * 24 * 60 * MIN,
    purpose: "donation",
    processing: "raw",
  };
}

export interface Run {
  state: UnitState;
  events: RuleEvent[];
  thaw: (batchId: string) => BatchThawState;
}

/** Feeds inputs in the order given; `ticks` adds a clock tick after each reading, at its time. */
export function run(ctx: RuleContext, inputs: RuleInput[], ticks = true, from = initialUnitState()): Run {
  let state = from;
  const events: RuleEvent[] = [];
  const feed = (input: RuleInput) => {
    const result = evaluate(state, input, ctx);
    state = result.state;
    events.push(...result.events);
  };
  for (const input of inputs) {
    feed(input);
    if (ticks && input.kind === "reading") feed({ kind: "tick", timeMs: input.reading.timeMs });
  }
  return {
    state,
    events,
    thaw: (batchId) => {
      const thaw = batchThaw(state, batchId);
      if (!thaw) throw new Error(`no bag ${batchId}`);
      return thaw;
    },
  };
}

/** The trace's readings with the bags put in after the first one. */
export function traceInputs(
  trace: Trace,
  bags: { spec: BatchSpec; thaw?: BatchThawState }[],
  startMs = T0,
): RuleInput[] {
  const readings = readingsOf(trace, startMs).map((reading): RuleInput => ({ kind: "reading", reading }));
  const placed = bags.map(
    (b): RuleInput => ({
      kind: "batch-in",
      timeMs: startMs,
      batch: b.spec,
      ...(b.thaw ? { thaw: b.thaw } : {}),
    }),
  );
  return [...readings.slice(0, 1), ...placed, ...readings.slice(1)];
}

/** A deterministic shuffle that delays each reading by up to `maxDelayMs` of arrival. */
export function deliveredLate(inputs: RuleInput[], maxDelayMs: number, seed = 7): RuleInput[] {
  let x = seed;
  const random = () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
  const arrivals = inputs.map((input, i) => {
    const t =
      input.kind === "reading" ? input.reading.timeMs : input.kind === "tick" ? input.timeMs : input.timeMs;
    const delay = input.kind === "reading" && i > 2 ? random() * maxDelayMs : 0;
    return { input, arrival: t + delay, i };
  });
  return arrivals.sort((a, b) => a.arrival - b.arrival || a.i - b.i).map((a) => a.input);
}

export const summary = (events: RuleEvent[]) =>
  events.map((e) => `${e.kind} ${e.phase} ${e.batchId ?? ""}`.trim());
