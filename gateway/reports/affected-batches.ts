// Which bags were inside a unit during an excursion, and what to do with each: the question staff
// ask first when a freezer alarms.
import type { AffectedBatch, BatchAction } from "../../shared/api/answers.js";
import type { RuleSet } from "../../shared/profiles/types.js";
import type { Alert, Batch } from "../store/records.js";
import type { SiteStore } from "../store/site-store.js";
import { staysOf, wasIn } from "./stays.js";

/**
 * What to do with the bag now, and by when, under the site's rule set; the use-by is the rules'
 * (shared/rules/bags/use-by.ts). `unitWarmNow` says whether the bag's unit is in an excursion now.
 */
function advice(
  batch: Batch,
  ruleSet: RuleSet | undefined,
  unitWarmNow: boolean,
): { action: BatchAction; useByMs: number | null } {
  const { thaw } = batch;
  const useByMs = thaw.useByMs ?? null;
  switch (thaw.phase) {
    case "frozen":
      return { action: unitWarmNow ? "move-now" : "keep", useByMs: null };
    case "partially-thawed":
      return ruleSet?.partialThawMayRefreeze
        ? { action: "refreeze-use-first", useByMs }
        : { action: "use-within", useByMs };
    case "fresh":
    case "thawed":
      return { action: "use-within", useByMs };
    case "expired":
    case "discard":
      return { action: "discard", useByMs: null };
  }
}

export function affectedBatches(
  site: SiteStore,
  alert: Alert,
  nowMs: number,
  ruleSet?: RuleSet,
  warmNow: (unitId: string) => boolean = () => false,
): AffectedBatch[] {
  let batches: Batch[];
  if (alert.kind === "temperature-excursion") {
    const endMs = alert.clearedAtMs ?? nowMs;
    batches = site.batches
      .list()
      .filter(
        (b) =>
          b.createdAtMs <= endMs &&
          wasIn(staysOf(b, site.batches.moves(b.id)), alert.unitId, alert.openedAtMs, endMs),
      );
  } else {
    const own = alert.batchId ? site.batches.get(alert.batchId) : undefined;
    batches = own ? [own] : [];
  }
  return batches.map((b) => ({
    batchId: b.id,
    code: b.code,
    label: b.label,
    donorId: b.donorId ?? null,
    unitId: b.unitId,
    phase: b.thaw.phase,
    iceFraction: b.thaw.iceFraction,
    ...advice(b, ruleSet, b.unitId !== null && warmNow(b.unitId)),
  }));
}
