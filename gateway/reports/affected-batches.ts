// Which bags were inside a unit during an excursion, and what to do with each: the question staff
// ask first when a freezer alarms.
import type { RuleSet } from "../../shared/profiles/types.js";
import type { Alert, Batch } from "../store/records.js";
import type { SiteStore } from "../store/site-store.js";
import { staysOf, wasIn } from "./stays.js";

export type BatchAction = "keep" | "use-within" | "discard";

export interface AffectedBatch {
  batchId: string;
  label: string;
  donorId: string | null;
  unitId: string | null;
  phase: Batch["thaw"]["phase"];
  iceFraction: number;
  action: BatchAction;
  useByMs: number | null;
}

const HOUR_MS = 3_600_000;

function advice(batch: Batch, ruleSet: RuleSet | undefined): { action: BatchAction; useByMs: number | null } {
  const { thaw } = batch;
  const useWithinMs = ruleSet ? ruleSet.thawedColdMaxH.value * HOUR_MS : null;
  switch (thaw.phase) {
    case "frozen":
      return { action: "keep", useByMs: null };
    case "fresh":
      // never frozen: its time in the fridge counts from expression
      return {
        action: "use-within",
        useByMs: ruleSet ? batch.expressedAtMs + ruleSet.freshFridgeMaxH.value * HOUR_MS : null,
      };
    case "partially-thawed":
      if (ruleSet?.partialThawMayRefreeze) return { action: "keep", useByMs: null };
      // may not go back into the freezer: its use-within clock is counted from now, as if thawed
      return { action: "use-within", useByMs: useWithinMs === null ? null : thaw.lastUpdateMs + useWithinMs };
    case "thawed": {
      const start = thaw.thawedAtMs ?? thaw.lastUpdateMs;
      return { action: "use-within", useByMs: useWithinMs === null ? null : start + useWithinMs };
    }
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
    label: b.label,
    donorId: b.donorId ?? null,
    unitId: b.unitId,
    phase: b.thaw.phase,
    iceFraction: b.thaw.iceFraction,
    ...advice(b, ruleSet),
  }));
}
