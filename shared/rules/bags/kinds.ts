// The events of a bag's life (bag-phase.ts, bag-deadlines.ts), with their words: facts about a bag,
// not states of the unit, so their alerts stay until a person resolves them.
import type { KindInfo } from "../runner/rule.js";

export const BAG_KINDS = {
  "batch-partially-thawed": {
    label: "Bag partly thawed",
    counted: ["bag partly thawed", "bags partly thawed"],
    ongoing: false,
  },
  "batch-thawed": { label: "Bag thawed", counted: ["bag thawed", "bags thawed"], ongoing: false },
  "batch-thaw-limit": {
    label: "Thawed bag at its limit",
    counted: ["bag past its use-by", "bags past their use-by"],
    ongoing: false,
  },
  "batch-refrozen": { label: "Bag refrozen", counted: ["bag refrozen", "bags refrozen"], ongoing: false },
  "batch-expired": { label: "Bag expired", counted: ["bag expired", "bags expired"], ongoing: false },
} as const satisfies Record<string, KindInfo>;

export type BagKind = keyof typeof BAG_KINDS;
