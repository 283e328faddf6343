// Units declared in the configuration file exist in the store after start: created when new,
// renamed or given another profile when the file says so (each change audited). Units made through
// the dashboard are left alone.
import type { Clock } from "../clock.js";
import type { Unit } from "../store/records.js";
import type { SiteStore } from "../store/site-store.js";
import type { GatewayConfig } from "./schema.js";

export function applyConfiguredUnits(site: SiteStore, units: GatewayConfig["units"], clock: Clock): Unit[] {
  const changed: Unit[] = [];
  for (const u of units) {
    const existing = site.units.get(u.id);
    const ownerId = u.owner === undefined ? undefined : site.users.byName(u.owner)?.id;
    const wanted: Unit = {
      id: u.id,
      name: u.name,
      profileId: u.profile,
      createdAtMs: existing?.createdAtMs ?? clock.now(),
      ...(ownerId ? { ownerId } : existing?.ownerId ? { ownerId: existing.ownerId } : {}),
    };
    if (
      existing &&
      existing.name === wanted.name &&
      existing.profileId === wanted.profileId &&
      existing.ownerId === wanted.ownerId
    )
      continue;
    site.transaction(() => {
      site.units.put(wanted);
      const action = existing ? "unit.changed-by-config" : "unit.created-by-config";
      site.audit.append({
        atMs: clock.now(),
        actor: "config",
        action,
        subject: `unit:${u.id}`,
        details: { name: u.name, profileId: u.profile },
      });
    });
    changed.push(wanted);
  }
  return changed;
}
