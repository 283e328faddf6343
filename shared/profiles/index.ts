// Storage profiles and rule sets, chosen per unit and per site. The numbers live in profiles.ts and
// rule-sets.ts with their sources; this file only looks them up and applies a site's overrides.
import { PROFILES } from "./profiles.js";
import { RULE_SETS } from "./rule-sets.js";
import type { RuleSet, Sourced, StorageProfile } from "./types.js";

export { PROFILES } from "./profiles.js";
export { RULE_SETS } from "./rule-sets.js";
export type { RuleSet, Sourced, StorageProfile, UnitKind } from "./types.js";

export function getProfile(id: string): StorageProfile | undefined {
  return Object.hasOwn(PROFILES, id) ? PROFILES[id] : undefined;
}

export function getRuleSet(id: string): RuleSet | undefined {
  return Object.hasOwn(RULE_SETS, id) ? RULE_SETS[id] : undefined;
}

type SourcedKeys<T> = { [K in keyof T]-?: T[K] extends Sourced | undefined ? K : never }[keyof T];
export type ProfileOverrides = Partial<Record<SourcedKeys<StorageProfile>, number>>;

/** A site's own numbers replace the published defaults, and say so where the source was. */
export function withOverrides(
  profile: StorageProfile,
  overrides: ProfileOverrides,
  site = "site",
): StorageProfile {
  const result: StorageProfile = { ...profile };
  for (const [key, value] of Object.entries(overrides) as [SourcedKeys<StorageProfile>, number][]) {
    if (value === undefined) continue;
    result[key] = { value, source: `${site} override (default: ${profile[key]?.value ?? "none"})` };
  }
  return result;
}
