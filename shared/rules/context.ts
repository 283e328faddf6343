import type { RuleSet, StorageProfile } from "../profiles/types.js";

/** What the rules know about the unit they judge: its profile (with the site's overrides) and rule set. */
export interface RuleContext {
  unitId: string;
  profile: StorageProfile;
  ruleSet: RuleSet;
}
