// Bags whose time has run out: checked at every reading and every tick, but only when the unit's
// earliest use-by has passed. The event carries the deadline itself as its time, so it reads the
// same whether a reading or the clock found it.

import type { RuleContext } from "../context.js";
import type { BatchEntry } from "../runner/state.js";
import type { RuleEvent } from "../types.js";
import { span, utcMinute } from "../wording/phrases.js";
import { bagEvent, describe } from "./bag-phase.js";

export function expireBag(entry: BatchEntry, ctx: RuleContext, events: RuleEvent[]): BatchEntry {
  const deadlineMs = entry.deadlineMs as number;
  const thawed = entry.thaw.phase === "thawed" || entry.thaw.phase === "partially-thawed";
  const { deadlineMs: _, ...rest } = entry;
  const reason = thawed
    ? `thawed more than ${span(deadlineMs - (entry.thaw.thawedAtMs ?? entry.partialSinceMs ?? deadlineMs))} ago`
    : entry.thaw.phase === "fresh"
      ? `kept unfrozen longer than ${ctx.ruleSet.freshFridgeMaxH.value} h`
      : `frozen longer than ${ctx.ruleSet.frozenMaxDays.value} days`;
  const expired: BatchEntry = { ...rest, thaw: { ...entry.thaw, phase: "expired", discardReason: reason } };
  const message = thawed
    ? `${describe(entry)} began to thaw at ${utcMinute(entry.partialSinceMs ?? entry.thaw.thawedAtMs ?? deadlineMs)}; its use-within time ended at ${utcMinute(deadlineMs)}. Discard it.`
    : `${describe(entry)} has been ${reason}, the limit under ${ctx.ruleSet.name}: do not feed it; discard it or ask the milk bank.`;
  const event = bagEvent(
    thawed ? "batch-thaw-limit" : "batch-expired",
    "raised",
    "critical",
    expired,
    ctx,
    deadlineMs,
    message,
  );
  events.push({ ...event, details: { ...event.details, useByMs: deadlineMs } });
  return expired;
}

export function isDue(entry: BatchEntry, timeMs: number): boolean {
  return entry.deadlineMs !== undefined && entry.deadlineMs <= timeMs;
}
