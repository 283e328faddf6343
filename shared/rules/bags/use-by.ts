// When a bag's time runs out under the site's rule set: frozen milk by its age since expression,
// fresh milk by its days in the fridge, thawed milk counted from the moment the last ice melted
// (not from when it left the freezer), shorter once it sits at room temperature.
import type { RuleSet } from "../../profiles/types.js";
import type { BatchEntry } from "../runner/state.js";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export function useByOf(entry: BatchEntry, ruleSet: RuleSet): number | undefined {
  const thaw = entry.thaw;
  switch (thaw.phase) {
    case "fresh":
      return entry.spec.expressedAtMs + ruleSet.freshFridgeMaxH.value * HOUR_MS;
    case "frozen":
      return entry.spec.expressedAtMs + ruleSet.frozenMaxDays.value * DAY_MS;
    case "partially-thawed": {
      const age = entry.spec.expressedAtMs + ruleSet.frozenMaxDays.value * DAY_MS;
      if (ruleSet.partialThawMayRefreeze) return age;
      // it may not go back into a freezer: its use-within clock runs from when it began to thaw
      const since = entry.partialSinceMs ?? thaw.lastUpdateMs;
      return Math.min(age, since + ruleSet.thawedColdMaxH.value * HOUR_MS);
    }
    case "thawed": {
      const thawedAt = thaw.thawedAtMs ?? thaw.lastUpdateMs;
      const cold = thawedAt + ruleSet.thawedColdMaxH.value * HOUR_MS;
      if (entry.roomSinceMs === undefined) return cold;
      return Math.min(cold, Math.max(thawedAt, entry.roomSinceMs) + ruleSet.thawedRoomMaxH.value * HOUR_MS);
    }
    case "expired":
    case "discard":
      return undefined;
  }
}

/** The same entry with its use-by brought up to date (unchanged object when nothing moved). */
export function withUseBy(entry: BatchEntry, ruleSet: RuleSet): BatchEntry {
  const deadlineMs = useByOf(entry, ruleSet);
  if (deadlineMs === entry.deadlineMs) return entry;
  const { deadlineMs: _, ...rest } = entry;
  return deadlineMs === undefined ? rest : { ...rest, deadlineMs };
}
