// A bag's phase from the thaw model's estimate: frozen -> partially thawed (ice remains) -> thawed
// (the use-within clock starts at the last ice) -> expired / discard. Ice forming again after a
// full thaw is a discard; after a partial thaw the site's rule set decides.
import type { RuleContext } from "../context.js";
import { PARTIAL_THAW_ICE_FRACTION, REFREEZE_ICE_GAIN } from "../limits.js";
import type { BatchEntry } from "../runner/state.js";
import type { BatchThawState, RuleEvent } from "../types.js";
import { celsius, PLACE, utcDay, utcMinute } from "../wording/phrases.js";

export function judgeBag(
  entry: BatchEntry,
  ctx: RuleContext,
  timeMs: number,
  events: RuleEvent[],
): BatchEntry {
  const thaw = entry.thaw;
  const ice = thaw.iceFraction;
  switch (thaw.phase) {
    case "fresh":
      if (ice < PARTIAL_THAW_ICE_FRACTION) return entry;
      return { ...entry, thaw: { ...thaw, phase: "frozen", frozenAtMs: timeMs }, minIce: ice };
    case "frozen": {
      if (ice >= PARTIAL_THAW_ICE_FRACTION) return entry;
      const partial: BatchEntry = {
        ...entry,
        thaw: { ...thaw, phase: "partially-thawed" },
        minIce: ice,
        partialSinceMs: timeMs,
      };
      events.push(
        bagEvent(
          "batch-partially-thawed",
          "raised",
          "warning",
          partial,
          ctx,
          timeMs,
          partialMessage(partial, ctx),
        ),
      );
      return ice <= 0 ? judgeBag(partial, ctx, timeMs, events) : partial;
    }
    case "partially-thawed": {
      const minIce = Math.min(entry.minIce, ice);
      if (ice <= 0) {
        const thawed: BatchEntry = { ...entry, thaw: { ...thaw, phase: "thawed" }, minIce: 0 };
        const severity =
          ctx.profile.kind === "freezer" || ctx.profile.kind === "cool-box" ? "warning" : "info";
        events.push(
          bagEvent("batch-thawed", "raised", severity, thawed, ctx, timeMs, thawedMessage(thawed, ctx)),
        );
        return thawed;
      }
      if (ctx.ruleSet.partialThawMayRefreeze) {
        if (ice < PARTIAL_THAW_ICE_FRACTION) return minIce === entry.minIce ? entry : { ...entry, minIce };
        const { partialSinceMs: _, ...rest } = entry;
        const refrozen: BatchEntry = { ...rest, thaw: { ...thaw, phase: "frozen" }, minIce: ice };
        events.push(
          bagEvent(
            "batch-partially-thawed",
            "cleared",
            "info",
            entry,
            ctx,
            timeMs,
            `${describe(entry)} is frozen solid again. It still held ice, which ${ctx.ruleSet.name} allows to refreeze.`,
          ),
        );
        return refrozen;
      }
      if (ice < minIce + REFREEZE_ICE_GAIN) return minIce === entry.minIce ? entry : { ...entry, minIce };
      return discard(
        entry,
        ctx,
        timeMs,
        events,
        `refrozen after a partial thaw, which ${ctx.ruleSet.name} does not allow`,
      );
    }
    case "thawed":
    case "expired":
      if (ice < REFREEZE_ICE_GAIN) return entry;
      return discard(entry, ctx, timeMs, events, "refrozen after it had thawed");
    case "discard":
      return entry;
  }
}

function discard(
  entry: BatchEntry,
  ctx: RuleContext,
  timeMs: number,
  events: RuleEvent[],
  reason: string,
): BatchEntry {
  const { deadlineMs: _, ...rest } = entry;
  const discarded: BatchEntry = { ...rest, thaw: { ...entry.thaw, phase: "discard", discardReason: reason } };
  events.push(
    bagEvent(
      "batch-refrozen",
      "raised",
      "critical",
      discarded,
      ctx,
      timeMs,
      `${describe(entry)} has ${reason}: discard it. Milk that thawed and froze again must not be fed.`,
    ),
  );
  return discarded;
}

export function bagEvent(
  kind: RuleEvent["kind"],
  phase: RuleEvent["phase"],
  severity: RuleEvent["severity"],
  entry: BatchEntry,
  ctx: RuleContext,
  timeMs: number,
  message: string,
): RuleEvent {
  const thaw = entry.thaw;
  const occurrence = kind === "batch-partially-thawed" ? `:${entry.partialSinceMs ?? timeMs}` : "";
  return {
    kind,
    phase,
    severity,
    unitId: ctx.unitId,
    batchId: entry.spec.id,
    timeMs,
    key: `batch:${entry.spec.id}:${kind}${occurrence}`,
    message,
    details: detailsOf(thaw, entry),
  };
}

function detailsOf(thaw: BatchThawState, entry: BatchEntry): Record<string, number | string | null> {
  return {
    phase: thaw.phase,
    milkTempC: Math.round(thaw.milkTempC * 10) / 10,
    iceFraction: Math.round(thaw.iceFraction * 100) / 100,
    thawedAtMs: thaw.thawedAtMs ?? null,
    useByMs: entry.deadlineMs ?? null,
    discardReason: thaw.discardReason ?? null,
  };
}

export function describe(entry: BatchEntry): string {
  const kind = entry.spec.container === "bottle" ? "bottle" : "bag";
  return `The ${entry.spec.volumeMl} ml ${kind} expressed ${utcDay(entry.spec.expressedAtMs)}`;
}

function partialMessage(entry: BatchEntry, ctx: RuleContext): string {
  const melted = Math.round((1 - entry.thaw.iceFraction) * 100);
  const place = PLACE[ctx.profile.kind] ?? ctx.profile.kind;
  const rule = ctx.ruleSet.partialThawMayRefreeze
    ? `While it still holds ice it may go back into a working freezer (${ctx.ruleSet.name}).`
    : `${ctx.ruleSet.name} does not allow it to be refrozen: keep it cold and use it, or discard it.`;
  return `${describe(entry)} has started to thaw in this ${place}: about ${melted} % of its ice has melted (milk ${celsius(entry.thaw.milkTempC)}). ${rule}`;
}

function thawedMessage(entry: BatchEntry, ctx: RuleContext): string {
  const at = entry.thaw.thawedAtMs;
  const when = at === undefined ? "" : ` at ${utcMinute(at)}`;
  const hours = ctx.ruleSet.thawedColdMaxH.value;
  return `${describe(entry)} has thawed completely${when}. Keep it in the fridge and use it within ${hours} h of thawing; never refreeze it.`;
}
