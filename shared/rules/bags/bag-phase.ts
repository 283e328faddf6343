// A bag's phase from the thaw model's estimate: frozen -> partially thawed (ice remains) -> thawed
// (the use-within clock starts at the last ice) -> expired / discard. Ice forming again after a
// full thaw is a discard; after a partial thaw the site's rule set decides.
import type { RuleContext } from "../context.js";
import { PARTIAL_THAW_ICE_FRACTION, REFREEZE_ICE_GAIN } from "../limits.js";
import type { BatchEntry } from "../runner/state.js";
import type { BatchThawState, RuleEvent } from "../types.js";
import type { AlertWords, BagNamed, RuleSetNamed } from "../wording/alert-words.js";
import { refrozenReason, worded } from "../wording/alert-words-en.js";

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
          partialWords(partial, ctx),
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
          bagEvent("batch-thawed", "raised", severity, thawed, ctx, timeMs, {
            key: "bag.thawed",
            values: {
              ...named(thawed),
              thawedAtMs: thawed.thaw.thawedAtMs ?? null,
              useWithinH: ctx.ruleSet.thawedColdMaxH.value,
            },
          }),
        );
        return thawed;
      }
      if (ctx.ruleSet.partialThawMayRefreeze) {
        if (ice < PARTIAL_THAW_ICE_FRACTION) return minIce === entry.minIce ? entry : { ...entry, minIce };
        const { partialSinceMs: _, ...rest } = entry;
        const refrozen: BatchEntry = { ...rest, thaw: { ...thaw, phase: "frozen" }, minIce: ice };
        events.push(
          bagEvent("batch-partially-thawed", "cleared", "info", entry, ctx, timeMs, {
            key: "bag.frozen-again",
            values: { ...named(entry), ...ruleSetOf(ctx) },
          }),
        );
        return refrozen;
      }
      if (ice < minIce + REFREEZE_ICE_GAIN) return minIce === entry.minIce ? entry : { ...entry, minIce };
      return discard(entry, ctx, timeMs, events, "partial-thaw");
    }
    case "thawed":
    case "expired":
      if (ice < REFREEZE_ICE_GAIN) return entry;
      return discard(entry, ctx, timeMs, events, "thaw");
    case "discard":
      return entry;
  }
}

function discard(
  entry: BatchEntry,
  ctx: RuleContext,
  timeMs: number,
  events: RuleEvent[],
  after: "partial-thaw" | "thaw",
): BatchEntry {
  const { deadlineMs: _, ...rest } = entry;
  const reason = refrozenReason(after, ctx.ruleSet.name);
  const discarded: BatchEntry = { ...rest, thaw: { ...entry.thaw, phase: "discard", discardReason: reason } };
  events.push(
    bagEvent("batch-refrozen", "raised", "critical", discarded, ctx, timeMs, {
      key: "bag.refrozen",
      values: { ...named(entry), ...ruleSetOf(ctx), after },
    }),
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
  words: AlertWords,
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
    ...worded(words),
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

/** the bag as its sentences name it */
export function named(entry: BatchEntry): BagNamed {
  const { volumeMl, container, expressedAtMs } = entry.spec;
  return { volumeMl, container, expressedAtMs };
}

export function ruleSetOf(ctx: RuleContext): RuleSetNamed {
  return { ruleSetId: ctx.ruleSet.id, ruleSet: ctx.ruleSet.name };
}

function partialWords(entry: BatchEntry, ctx: RuleContext): AlertWords {
  return {
    key: "bag.partly-thawed",
    values: {
      ...named(entry),
      ...ruleSetOf(ctx),
      place: ctx.profile.kind,
      meltedPercent: Math.round((1 - entry.thaw.iceFraction) * 100),
      milkC: entry.thaw.milkTempC,
      mayRefreeze: ctx.ruleSet.partialThawMayRefreeze,
    },
  };
}
