// The bags inside a unit: stepped through the thaw model with the unit's air, judged after every
// step, and expired when their time runs out. Solid bags in freezer air are stepped once per frozen
// spell with the spell's mean air (see FROZEN_STEP_MS); anything warmer is stepped reading by reading.
import { FREEZING_POINT_C } from "../../thaw/constants.js";
import { advanceThaw, initialThaw } from "../../thaw/model.js";
import type { RuleContext } from "../context.js";
import { FROZEN_STEP_MAX_AIR_C, FROZEN_STEP_MS } from "../limits.js";
import { type BatchEntry, copyState, type FrozenSpell, type UnitRuleState } from "../runner/state.js";
import type { BatchSpec, BatchThawState, RuleEvent } from "../types.js";
import { expireBag, isDue } from "./bag-deadlines.js";
import { judgeBag } from "./bag-phase.js";
import { withUseBy } from "./use-by.js";

/** Steps the bags through the air held since the last input, up to `toMs` (the new last input). */
export function closeInterval(
  state: UnitRuleState,
  toMs: number,
  ctx: RuleContext,
  events: RuleEvent[],
): UnitRuleState {
  const fromMs = state.lastTimeMs;
  const airC = state.airC;
  if (fromMs !== undefined && toMs <= fromMs) return state;
  if (fromMs === undefined || airC === undefined) return at(state, toMs);
  if (state.bagsSolid && airC < FROZEN_STEP_MAX_AIR_C) {
    const spell: FrozenSpell = {
      fromMs: state.frozenSpell?.fromMs ?? fromMs,
      airIntegral: (state.frozenSpell?.airIntegral ?? 0) + airC * (toMs - fromMs),
    };
    const moved = at(state, toMs);
    if (toMs - spell.fromMs < FROZEN_STEP_MS) {
      moved.frozenSpell = spell;
      return moved;
    }
    return withBags(moved, applySpell(state.batches, spell, toMs), ctx, toMs, events);
  }
  const moved = at(state, toMs);
  const flushed = state.frozenSpell ? applySpell(state.batches, state.frozenSpell, fromMs) : state.batches;
  const batches: Record<string, BatchEntry> = {};
  for (const id in flushed) {
    const entry = flushed[id] as BatchEntry;
    batches[id] = withThaw(entry, advanceThaw(entry.thaw, entry.spec, airC, toMs));
  }
  return withBags(moved, batches, ctx, toMs, events);
}

/** Applies a pending frozen spell, so every bag is current to the last input. */
export function flushSpell(state: UnitRuleState, ctx: RuleContext, events: RuleEvent[]): UnitRuleState {
  if (!state.frozenSpell || state.lastTimeMs === undefined) return state;
  return withBags(
    state,
    applySpell(state.batches, state.frozenSpell, state.lastTimeMs),
    ctx,
    state.lastTimeMs,
    events,
  );
}

function applySpell(
  batches: Record<string, BatchEntry>,
  spell: FrozenSpell,
  toMs: number,
): Record<string, BatchEntry> {
  if (toMs <= spell.fromMs) return batches;
  const meanAirC = spell.airIntegral / (toMs - spell.fromMs);
  const next: Record<string, BatchEntry> = {};
  for (const id in batches) {
    const entry = batches[id] as BatchEntry;
    next[id] = withThaw(entry, advanceThaw(entry.thaw, entry.spec, meanAirC, toMs));
  }
  return next;
}

function at(state: UnitRuleState, timeMs: number): UnitRuleState {
  const next = copyState(state);
  next.lastTimeMs = timeMs;
  return next;
}

function withBatches(state: UnitRuleState, batches: Record<string, BatchEntry>): UnitRuleState {
  const next = copyState(state);
  next.batches = batches;
  return next;
}

/** A copy with a new thaw state; spelled out because object spread is slow on this hot path. */
function withThaw(entry: BatchEntry, thaw: BatchThawState): BatchEntry {
  const next: BatchEntry = { spec: entry.spec, thaw, minIce: entry.minIce };
  if (entry.partialSinceMs !== undefined) next.partialSinceMs = entry.partialSinceMs;
  if (entry.roomSinceMs !== undefined) next.roomSinceMs = entry.roomSinceMs;
  if (entry.deadlineMs !== undefined) next.deadlineMs = entry.deadlineMs;
  return next;
}

/** The state with these bags judged at `timeMs`, the spell closed, and the unit's summaries redone. */
function withBags(
  state: UnitRuleState,
  batches: Record<string, BatchEntry>,
  ctx: RuleContext,
  timeMs: number,
  events: RuleEvent[],
): UnitRuleState {
  const judged: Record<string, BatchEntry> = {};
  for (const [id, entry] of Object.entries(batches))
    judged[id] = withUseBy(judgeBag(entry, ctx, timeMs, events), ctx.ruleSet);
  const next = copyState(state);
  next.frozenSpell = undefined;
  next.batches = judged;
  return summarise(next);
}

function summarise(state: UnitRuleState): UnitRuleState {
  let bagsSolid = true;
  let nextDeadlineMs: number | undefined;
  for (const entry of Object.values(state.batches)) {
    const t = entry.thaw;
    if (t.phase !== "frozen" || t.iceFraction < 1 || t.milkTempC >= FREEZING_POINT_C) bagsSolid = false;
    if (entry.deadlineMs !== undefined && (nextDeadlineMs === undefined || entry.deadlineMs < nextDeadlineMs))
      nextDeadlineMs = entry.deadlineMs;
  }
  const next = copyState(state);
  next.bagsSolid = bagsSolid;
  next.nextDeadlineMs = nextDeadlineMs;
  return next;
}

/** Expires every bag whose use-by is at or before `timeMs`. */
export function expireDue(
  state: UnitRuleState,
  timeMs: number,
  ctx: RuleContext,
  events: RuleEvent[],
): UnitRuleState {
  if (state.nextDeadlineMs === undefined || state.nextDeadlineMs > timeMs) return state;
  const batches: Record<string, BatchEntry> = {};
  for (const [id, entry] of Object.entries(state.batches))
    batches[id] = isDue(entry, timeMs) ? expireBag(entry, ctx, events) : entry;
  return summarise(withBatches(state, batches));
}

export function bagIn(
  state: UnitRuleState,
  atMs: number,
  spec: BatchSpec,
  carried: BatchThawState | undefined,
  ctx: RuleContext,
  events: RuleEvent[],
): UnitRuleState {
  const thaw = carried ?? newBag(state, atMs, ctx);
  const entry: BatchEntry = {
    spec,
    thaw,
    minIce: thaw.iceFraction,
    ...(ctx.profile.kind === "room" ? { roomSinceMs: atMs } : {}),
  };
  const judged = withUseBy(judgeBag(entry, ctx, atMs, events), ctx.ruleSet);
  return summarise(withBatches(state, { ...state.batches, [spec.id]: judged }));
}

/** A bag registered here: at the unit's air, or at its profile's limit before the first reading. */
function newBag(state: UnitRuleState, atMs: number, ctx: RuleContext): BatchThawState {
  const thaw = initialThaw(state.airC ?? ctx.profile.warningHighC.value, atMs);
  return thaw.phase === "frozen" ? thaw : { ...thaw, phase: "fresh" };
}

export function bagOut(state: UnitRuleState, batchId: string): UnitRuleState {
  if (!Object.hasOwn(state.batches, batchId)) return state;
  const { [batchId]: _, ...batches } = state.batches;
  return summarise(withBatches(state, batches));
}

/** A bag's thaw state up to the last input, with any pending frozen spell applied, and its use-by. */
export function currentThaw(state: UnitRuleState, batchId: string): BatchThawState | undefined {
  if (!Object.hasOwn(state.batches, batchId)) return undefined;
  const entry = state.batches[batchId] as BatchEntry;
  const spell = state.frozenSpell;
  const last = state.lastTimeMs;
  const thaw =
    !spell || last === undefined || last <= spell.fromMs
      ? entry.thaw
      : advanceThaw(entry.thaw, entry.spec, spell.airIntegral / (last - spell.fromMs), last);
  const { useByMs: _, ...rest } = thaw;
  return entry.deadlineMs === undefined ? rest : { ...rest, useByMs: entry.deadlineMs };
}
