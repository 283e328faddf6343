// Readings in event time, whatever order they arrive in. Readings that come late but in order (a
// cool box uploading hours after a trip) simply continue the unit's history. A reading older than
// the newest one is merged into the inputs kept since a snapshot (REORDER_WINDOW_MS to twice that)
// and the rules run again from the snapshot, so the unit ends in the state it would have reached had
// the reading come in time; a condition already announced is not announced again. Silence is about
// arrival, not event time, so it carries over a re-run unchanged (a rule's keptOnRerun).
import type { RuleContext } from "../context.js";
import { EPISODE_REARM_MS, REORDER_WINDOW_MS } from "../limits.js";
import { UNIT_RULES } from "../registry.js";
import { severityRank } from "../status.js";
import type { RuleEvent, RuleInput } from "../types.js";
import { KeptInputs, type TimedInput } from "./kept-inputs.js";
import type { UnitRules } from "./rule.js";
import type { UnitRuleState } from "./state.js";
import { keptOnRerun, step } from "./step.js";

export interface UnitState {
  now: UnitRuleState;
  /** the state before the oldest kept input (the unit's start when `baseMs` is absent) */
  base: UnitRuleState;
  baseMs: number | undefined;
  /** a later snapshot that becomes the base when the window moves on */
  mid: { state: UnitRuleState; atMs: number } | undefined;
  /**
   * readings and moves after the base, in event-time order: the first `count` of `inputs`. A new
   * reading is pushed onto the inputs the previous state shares (it sees only its own `count`, and
   * ignores any more it finds, in memory or in JSON), as copying the window for every reading of a
   * year would cost more than the rules themselves. Kept and saved in columns (kept-inputs.ts).
   */
  inputs: KeptInputs;
  count: number;
  /** what was last announced per condition (closed ones are forgotten once older than the base and the re-arm window) */
  announced: Record<string, Announced>;
}

interface Announced {
  key: string;
  phase: RuleEvent["phase"];
  severity: RuleEvent["severity"];
  timeMs: number;
}

export interface Evaluation {
  state: UnitState;
  events: RuleEvent[];
  /** why a reading changed nothing: sent twice, or older than the reorder window */
  ignored?: "duplicate" | "too-late";
}

export function timeOf(input: TimedInput): number {
  return input.kind === "reading" ? input.reading.timeMs : input.timeMs;
}

export function startTimeline(now: UnitRuleState): UnitState {
  return {
    now,
    base: now,
    baseMs: undefined,
    mid: undefined,
    inputs: new KeptInputs(),
    count: 0,
    announced: {},
  };
}

/** `rules`: the unit rules to run, in order (a test may run its own list) */
export function evaluate(
  state: UnitState,
  input: RuleInput,
  ctx: RuleContext,
  rules: UnitRules = UNIT_RULES,
): Evaluation {
  if (input.kind === "tick") {
    const events: RuleEvent[] = [];
    const now = step(state.now, input, ctx, events, rules);
    // most ticks change nothing: the same state, so the gateway has nothing to save
    if (now === state.now && events.length === 0) return { state, events };
    return announce(withNow(state, now), events);
  }
  const headMs = state.now.lastTimeMs;
  const t = timeOf(input);
  if (headMs === undefined || t > headMs) return inOrder(state, input, ctx, rules);
  // a bag moves when a person moves it: a device clock running ahead must not hold that back
  if (input.kind !== "reading") return inOrder(state, { ...input, timeMs: headMs }, ctx, rules);
  if (state.inputs.hasReading(t, input.reading.deviceId, state.count))
    return { state, events: [], ignored: "duplicate" };
  if (t === headMs) return inOrder(state, input, ctx, rules);
  if (state.baseMs !== undefined && t <= state.baseMs) return { state, events: [], ignored: "too-late" };
  return rerun(state, input, ctx, rules);
}

function inOrder(state: UnitState, input: TimedInput, ctx: RuleContext, rules: UnitRules): Evaluation {
  const events: RuleEvent[] = [];
  const now = step(state.now, input, ctx, events, rules);
  const t = timeOf(input);
  const inputs = kept(state);
  inputs.push(input);
  const next = withNow(state, now);
  next.inputs = inputs;
  next.count = inputs.length;
  return announce(moveWindow(next, t), events);
}

function kept(state: UnitState): KeptInputs {
  return state.inputs.length === state.count ? state.inputs : state.inputs.slice(0, state.count);
}

/** a copy with a new current state, field by field (see copyState) */
function withNow(state: UnitState, now: UnitRuleState): UnitState {
  return {
    now,
    base: state.base,
    baseMs: state.baseMs,
    mid: state.mid,
    inputs: state.inputs,
    count: state.count,
    announced: state.announced,
  };
}

/** Keeps between one and two windows of inputs: the snapshot halfway becomes the new base. */
function moveWindow(state: UnitState, t: number): UnitState {
  const startMs = state.baseMs ?? (state.count > 0 ? state.inputs.timeAt(0) : t);
  if (!state.mid) {
    if (t - startMs >= REORDER_WINDOW_MS) state.mid = { state: state.now, atMs: t };
    return state;
  }
  if (t - state.mid.atMs < REORDER_WINDOW_MS) return state;
  const baseMs = state.mid.atMs;
  const announced: UnitState["announced"] = {};
  for (const [condition, last] of Object.entries(state.announced))
    if (last.phase === "raised" || last.timeMs >= Math.min(baseMs, t - EPISODE_REARM_MS))
      announced[condition] = last;
  let from = 0;
  while (from < state.count && state.inputs.timeAt(from) <= baseMs) from++;
  const inputs = state.inputs.slice(from, state.count);
  return {
    now: state.now,
    base: state.mid.state,
    baseMs,
    mid: { state: state.now, atMs: t },
    inputs,
    count: inputs.length,
    announced,
  };
}

function rerun(state: UnitState, late: TimedInput, ctx: RuleContext, rules: UnitRules): Evaluation {
  const inputs = state.inputs.withInserted(state.count, late);
  const events: RuleEvent[] = [];
  let now = state.base;
  let mid: UnitState["mid"];
  for (let i = 0; i < inputs.length; i++) {
    now = step(now, inputs.at(i), ctx, events, rules);
    if (state.mid && inputs.timeAt(i) <= state.mid.atMs) mid = { state: now, atMs: state.mid.atMs };
  }
  const next = withNow(state, keptOnRerun(now, state.now, rules));
  next.inputs = inputs;
  next.count = inputs.length;
  if (mid) next.mid = mid;
  return announce(next, events);
}

/**
 * Passes on what changes a condition's alert: a raise when it is not already raised (or raised
 * less severely), a clear when it is raised. A raise soon after a clear (EPISODE_REARM_MS) keeps
 * the cleared episode's key: one alert for a condition that flaps. A re-run may place a condition's start at another
 * reading than the first run did; its events keep the key first announced, so the gateway's alert
 * is updated, never doubled.
 */
function announce(state: UnitState, events: RuleEvent[]): Evaluation {
  if (events.length === 0) return { state, events };
  const announced = { ...state.announced };
  const passed: RuleEvent[] = [];
  for (const event of events) {
    const condition = conditionOf(event);
    const last = announced[condition];
    const open = last?.phase === "raised";
    if (event.phase === "raised" && open && severityRank(event.severity) <= severityRank(last.severity))
      continue;
    // a clear never announced as raised here is passed on: a bag's partial thaw raised in the cool
    // box clears in the bank freezer
    if (event.phase === "cleared" && last && !open) continue;
    // back within the re-arm window: the same episode, so the same alert
    const rearmed = last?.phase === "cleared" && event.timeMs - last.timeMs <= EPISODE_REARM_MS;
    const key = open || rearmed ? last.key : event.key;
    announced[condition] = { key, phase: event.phase, severity: event.severity, timeMs: event.timeMs };
    passed.push(key === event.key ? event : { ...event, key });
  }
  const next = withNow(state, state.now);
  next.announced = announced;
  return { state: next, events: passed };
}

/** what an alert is about: the kind, and the bag, or the unit and the side of its limit */
function conditionOf(event: RuleEvent): string {
  return `${event.kind}|${event.batchId ?? event.unitId}|${event.details?.side ?? ""}`;
}
