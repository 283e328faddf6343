// Bags whose time has run out: checked at every reading and every tick, but only when the unit's
// earliest use-by has passed. The event carries the deadline itself as its time, so it reads the
// same whether a reading or the clock found it.

import type { RuleContext } from "../context.js";
import type { BatchEntry } from "../runner/state.js";
import type { RuleEvent } from "../types.js";
import type { AlertWords } from "../wording/alert-words.js";
import { expiredReason, UTC_FORMAT } from "../wording/alert-words-en.js";
import { span } from "../wording/phrases.js";
import { bagEvent, named, ruleSetOf } from "./bag-phase.js";

export function expireBag(entry: BatchEntry, ctx: RuleContext, events: RuleEvent[]): BatchEntry {
  const deadlineMs = entry.deadlineMs as number;
  const thawed = entry.thaw.phase === "thawed" || entry.thaw.phase === "partially-thawed";
  const { deadlineMs: _, ...rest } = entry;
  const kept = entry.thaw.phase === "fresh" ? "fresh" : "frozen";
  const limit = kept === "fresh" ? ctx.ruleSet.freshFridgeMaxH.value : ctx.ruleSet.frozenMaxDays.value;
  const reason = thawed
    ? `thawed more than ${span(deadlineMs - (entry.thaw.thawedAtMs ?? entry.partialSinceMs ?? deadlineMs))} ago`
    : expiredReason(kept, limit, UTC_FORMAT);
  const expired: BatchEntry = { ...rest, thaw: { ...entry.thaw, phase: "expired", discardReason: reason } };
  const words: AlertWords = thawed
    ? {
        key: "bag.thaw-limit",
        values: {
          ...named(entry),
          thawFromMs: entry.partialSinceMs ?? entry.thaw.thawedAtMs ?? deadlineMs,
          useByMs: deadlineMs,
        },
      }
    : { key: "bag.expired", values: { ...named(entry), ...ruleSetOf(ctx), kept, limit } };
  const event = bagEvent(
    thawed ? "batch-thaw-limit" : "batch-expired",
    "raised",
    "critical",
    expired,
    ctx,
    deadlineMs,
    words,
  );
  events.push({ ...event, details: { ...event.details, useByMs: deadlineMs } });
  return expired;
}

export function isDue(entry: BatchEntry, timeMs: number): boolean {
  return entry.deadlineMs !== undefined && entry.deadlineMs <= timeMs;
}
