// One input for one unit, taken in event-time order: readings step the bags with the air that held
// since the last input, then the unit rules judge the new reading, in the registry's order; ticks
// let the rules judge the time (silence), then expire bags whose deadline passed; bags moving in or
// out are stepped to the moment of the move first.
import { bagIn, bagOut, closeInterval, expireDue, flushSpell } from "../bags/bags.js";
import type { RuleContext } from "../context.js";
import type { RuleEvent, RuleInput, UnitReading } from "../types.js";
import type { AnyUnitRule, JudgedReading, UnitRules } from "./rule.js";
import { copyState, type UnitRuleState } from "./state.js";

export function step(
  state: UnitRuleState,
  input: RuleInput,
  ctx: RuleContext,
  events: RuleEvent[],
  rules: UnitRules,
): UnitRuleState {
  switch (input.kind) {
    case "reading":
      return takeReading(state, input.reading, ctx, events, rules);
    case "tick":
      return expireDue(tick(state, input.timeMs, ctx, events, rules), input.timeMs, ctx, events);
    case "batch-in": {
      const at = movedAt(state, input.timeMs, ctx, events);
      return bagIn(at, input.timeMs, input.batch, input.thaw, ctx, events);
    }
    case "batch-out":
      return bagOut(movedAt(state, input.timeMs, ctx, events), input.batchId);
  }
}

function takeReading(
  state: UnitRuleState,
  reading: UnitReading,
  ctx: RuleContext,
  events: RuleEvent[],
  rules: UnitRules,
): UnitRuleState {
  const t = reading.timeMs;
  const unit = expireDue(closeInterval(state, t, ctx, events), t, ctx, events);
  const tempC = reading.tempC;
  const judged: JudgedReading = {
    reading,
    air: tempC === null || reading.fault !== undefined ? undefined : { warmestC: tempC, coldestC: tempC },
  };
  let slices = unit.rules;
  for (const rule of compiled(rules).readers) {
    const before = slices[rule.id] ?? rule.initial;
    const after = rule.judge(before, judged, unit, ctx, events);
    if (after !== before) slices = withSlice(slices, unit.rules, rule.id, after);
  }
  // the bags' step gives a new state unless no time passed: only then is a copy needed
  const next = unit === state ? copyState(unit) : unit;
  next.lastReadingMs = Math.max(t, unit.lastReadingMs ?? t);
  if (judged.air) next.airC = judged.air.warmestC;
  next.rules = slices;
  return next;
}

function tick(
  state: UnitRuleState,
  nowMs: number,
  ctx: RuleContext,
  events: RuleEvent[],
  rules: UnitRules,
): UnitRuleState {
  let slices = state.rules;
  for (const rule of compiled(rules).tickers) {
    const before = slices[rule.id] ?? rule.initial;
    const after = rule.judge(before, nowMs, state, ctx, events);
    if (after !== before) slices = withSlice(slices, state.rules, rule.id, after);
  }
  // most ticks change nothing: the same state, so the gateway has nothing to save
  if (slices === state.rules) return state;
  const next = copyState(state);
  next.rules = slices;
  return next;
}

/** a rule as the runner calls it for one kind of input: every one the same shape, so calls stay fast */
interface Stage<F> {
  id: string;
  initial: unknown;
  judge: F;
}

interface Compiled {
  readers: Stage<NonNullable<AnyUnitRule["onReading"]>>[];
  tickers: Stage<NonNullable<AnyUnitRule["onTick"]>>[];
}

/** the list last run (nearly always the registry), worked out once */
let last: { rules: UnitRules; compiled: Compiled } | undefined;

/** the rules that take readings and those that take ticks, each as a Stage */
function compiled(rules: UnitRules): Compiled {
  if (last?.rules === rules) return last.compiled;
  const found: Compiled = { readers: [], tickers: [] };
  for (const { id, initial, onReading, onTick } of rules) {
    if (onReading) found.readers.push({ id, initial, judge: onReading });
    if (onTick) found.tickers.push({ id, initial, judge: onTick });
  }
  last = { rules, compiled: found };
  return found;
}

/** the slices with one rule's replaced: copied once per input, on the first change */
function withSlice(
  slices: Record<string, unknown>,
  original: Record<string, unknown>,
  id: string,
  slice: unknown,
): Record<string, unknown> {
  const next = slices === original ? { ...original } : slices;
  next[id] = slice;
  return next;
}

/** The state stepped up to a bag's move, with every bag current. */
function movedAt(state: UnitRuleState, timeMs: number, ctx: RuleContext, events: RuleEvent[]): UnitRuleState {
  return flushSpell(closeInterval(state, timeMs, ctx, events), ctx, events);
}

/** The state after a re-run of late readings, with the slices judged on arrival kept from `before`. */
export function keptOnRerun(rerun: UnitRuleState, before: UnitRuleState, rules: UnitRules): UnitRuleState {
  const next = copyState(rerun);
  next.rules = { ...rerun.rules };
  for (const rule of rules) if (rule.keptOnRerun) next.rules[rule.id] = before.rules[rule.id];
  return next;
}
