// What the rest of MilkGuard knows of the rules' events and numbers, read from the unit rules
// (registry.ts) and the bag lifecycle (bags/kinds.ts): each kind's words, the kinds that are states
// of the unit, and the profile numbers the rules read (the ones a site may override).
import { BAG_KINDS } from "./bags/kinds.js";
import { UNIT_RULES } from "./registry.js";
import type { KindInfo, ProfileField, UnitRules } from "./runner/rule.js";
import type { EventKind } from "./types.js";

/** every kind these rules and the bag lifecycle raise, with its words */
export function kindsOf(rules: UnitRules): Readonly<Record<string, KindInfo>> {
  const kinds: Record<string, KindInfo> = {};
  for (const rule of rules) Object.assign(kinds, rule.kinds);
  return Object.assign(kinds, BAG_KINDS);
}

/** the profile numbers these rules read, each once */
export function profileFieldsOf(rules: UnitRules): readonly ProfileField[] {
  return [...new Set(rules.flatMap((rule) => rule.profileFields))];
}

export const KINDS = kindsOf(UNIT_RULES) as Readonly<Record<EventKind, KindInfo>>;

/**
 * Kinds that are a state of the unit, which the rules clear when it ends: their alert cannot be
 * resolved while the state lasts. The others are facts about a bag (it thawed, it expired).
 */
export const ONGOING_KINDS: readonly EventKind[] = (Object.keys(KINDS) as EventKind[]).filter(
  (kind) => KINDS[kind].ongoing,
);

/** Profile numbers a site may override in its config file: the ones the rules read. */
export const OVERRIDABLE_PROFILE_FIELDS = profileFieldsOf(UNIT_RULES);

/** a kind's words; undefined for a kind these rules do not raise (an alert from an older version) */
export function kindInfo(kind: string): KindInfo | undefined {
  return Object.hasOwn(KINDS, kind) ? KINDS[kind as EventKind] : undefined;
}

/** what a kind is called on screen */
export function kindLabel(kind: string): string {
  return kindInfo(kind)?.label ?? kind;
}
