// The profiles and rule set in force on a site: shared/profiles data with the site's overrides. The
// gateway's config builds it; reports, trips and the HTTP API read limits and durations from it.
import type { RuleSet, StorageProfile } from "../../shared/profiles/types.js";

export interface ProfileCatalog {
  profile(id: string): StorageProfile | undefined;
  /** the site's rule set (durations), when one is chosen */
  ruleSet(): RuleSet | undefined;
  all(): { profiles: StorageProfile[]; ruleSets: RuleSet[] };
}

export function profileCatalog(
  profiles: Record<string, StorageProfile>,
  ruleSets: Record<string, RuleSet>,
  siteRuleSetId?: string,
): ProfileCatalog {
  return {
    profile: (id) => (Object.hasOwn(profiles, id) ? profiles[id] : undefined),
    ruleSet: () =>
      siteRuleSetId && Object.hasOwn(ruleSets, siteRuleSetId) ? ruleSets[siteRuleSetId] : undefined,
    all: () => ({ profiles: Object.values(profiles), ruleSets: Object.values(ruleSets) }),
  };
}
