// One input for one unit, taken in event-time order: readings step the bags with the air that held
// since the last input, then the unit rules judge the new reading, in the registry's order; ticks
// let the rules judge the time (silence), then expire bags whose deadline passed; bags moving in or
// out are stepped to the moment of the move first.
import { bagIn, bagOut, closeInterval, expireDue, flushSpell } from "../bags/bags.js";
import type { RuleContext } from "../context.js";
import type { RuleEvent, RuleInput, UnitReading } from "../types.js";
import type { JudgedReading, UnitRules } from "./rule.js";
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
  for (const rule of rules) {
    if (!rule.onReading) continue;
    const before = slices[rule.id] ?? rule.initial;
    const after = rule.onReading(before, judged, unit, ctx, events);
    if (after !== before) slices = withSlice(slices, unit.rules, rule.id, after);
  }
  const next = copyState(unit);
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
  for (const rule of rules) {
    if (!rule.onTick) continue;
    const before = slices[rule.id] ?? rule.initial;
    const after = rule.onTick(before, nowMs, state, ctx, events);
    if (after !== before) slices = withSlice(slices, state.rules, rule.id, after);
  }
  // most ticks change nothing: the same state, so the gateway has nothing to save
  if (slices === state.rules) return state;
  const next = copyState(state);
  next.rules = slices;
  return next;
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
