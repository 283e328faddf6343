// Which limits a unit's time above is counted for. The reports know the site's profiles (with its
// overrides) and ask with them; rollups counted for other limits are recounted then
// (sqlite-rollups.ts). Readings of a unit with no rollups yet are counted for its profile as shipped,
// read from the same file, which is right on every site that does not override that profile.
import type Database from "better-sqlite3";
import { getProfile } from "../../shared/profiles/index.js";
import type { StorageProfile } from "../../shared/profiles/types.js";
import type { AboveLimits } from "./rollup-figures.js";

export function limitsOf(profile: StorageProfile | undefined): AboveLimits | null {
  if (!profile) return null;
  return {
    warningC: profile.warningHighC.value,
    criticalC: profile.criticalHighC.value,
    intervalMs: profile.intervalS.value * 1000,
  };
}

/** the limits of a unit's profile as shipped, by the unit's record in this file */
export function shippedLimits(db: Database.Database): (unitId: string) => AboveLimits | null {
  const profileIdOf = db.prepare("SELECT json_extract(data, '$.profileId') FROM units WHERE id = ?").pluck();
  return (unitId) => {
    const profileId = profileIdOf.get(unitId);
    return typeof profileId === "string" ? limitsOf(getProfile(profileId)) : null;
  };
}
