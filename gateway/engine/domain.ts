// The pure domain the gateway runs: the storage profiles and rule sets (shared/profiles) and the
// rules (shared/rules). build() takes it as a parameter so tests can run the gateway on fixtures.
import { PROFILES, RULE_SETS, withOverrides } from "../../shared/profiles/index.js";
import type { RuleSet, StorageProfile } from "../../shared/profiles/types.js";
import * as rules from "../../shared/rules/index.js";
import { OVERRIDABLE_PROFILE_FIELDS } from "../../shared/rules/kinds.js";
import type { KnownIds } from "../config/load.js";
import type { RulesApi } from "./engine.js";

export interface Domain {
  profiles: Record<string, StorageProfile>;
  ruleSets: Record<string, RuleSet>;
  rules: RulesApi;
  withOverrides(
    profile: StorageProfile,
    overrides: Partial<Record<keyof StorageProfile, number>>,
  ): StorageProfile;
}

export const DOMAIN: Domain = {
  profiles: PROFILES,
  ruleSets: RULE_SETS,
  rules: rules as RulesApi<rules.UnitState> as RulesApi,
  withOverrides,
};

export function knownIds(domain: Domain): KnownIds {
  return {
    profiles: Object.keys(domain.profiles),
    ruleSets: Object.keys(domain.ruleSets),
    // the profile numbers the rules read (each rule lists its own)
    profileFields: [...OVERRIDABLE_PROFILE_FIELDS],
  };
}
