// The demo site, seeded idempotently (a second start adds nothing): people with printed demo
// passwords, five units with a probe each, and a few bags. Demo passwords are for a demo only.
import { createUser, isDisabled } from "../auth/users.js";
import type { Clock } from "../clock.js";
import { hashDeviceSecret } from "../devices/secret.js";
import type { BatchActions, NewBatch } from "../engine/batch-actions.js";
import type { Role, Unit } from "../store/records.js";
import type { SiteStore } from "../store/site-store.js";

export const DEMO_USERS: { name: string; displayName: string; role: Role; password: string }[] = [
  { name: "admin", displayName: "Site admin", role: "admin", password: "milkguard-admin" },
  { name: "staff", displayName: "Sam (milk bank staff)", role: "staff", password: "milkguard-staff" },
  { name: "courier", displayName: "Chris (courier)", role: "courier", password: "milkguard-courier" },
  { name: "anna", displayName: "Anna (donor)", role: "donor", password: "milkguard-anna" },
  { name: "bea", displayName: "Bea (donor)", role: "donor", password: "milkguard-bea" },
];

export type DemoScenario = "healthy" | "door-opened" | "failing" | "bank-fridge" | "cool-box";

export interface DemoUnit {
  id: string;
  name: string;
  profileId: string;
  owner?: string;
  scenario: DemoScenario;
}

export const DEMO_UNITS: DemoUnit[] = [
  {
    id: "anna-freezer",
    name: "Anna's freezer",
    profileId: "donor-freezer",
    owner: "anna",
    scenario: "healthy",
  },
  {
    id: "bea-freezer",
    name: "Bea's fridge-freezer",
    profileId: "donor-freezer",
    owner: "bea",
    scenario: "door-opened",
  },
  {
    id: "bea-chest",
    name: "Bea's chest freezer",
    profileId: "donor-freezer",
    owner: "bea",
    scenario: "failing",
  },
  {
    id: "bank-fridge",
    name: "Milk bank thawing fridge",
    profileId: "thawing-fridge",
    scenario: "bank-fridge",
  },
  { id: "cool-box-1", name: "Courier cool box 1", profileId: "cool-box", scenario: "cool-box" },
];

export const demoDeviceId = (unitId: string) => `${unitId}-probe`;
export const demoDevicePassword = (unitId: string) => `demo-${unitId}`;
/** a demo sensor disabled outside demo mode (retire.ts): no password verifies against it (devices/secret.ts) */
export const RETIRED_DEVICE_SECRET = "disabled";

/** Users, units and devices; returns the units (created now or on an earlier start). */
export async function seedSite(
  site: SiteStore,
  clock: Clock,
  intervalS: (profileId: string) => number,
): Promise<Unit[]> {
  // a demo login or sensor disabled while demo mode was off (retire.ts) works again in demo mode
  for (const u of DEMO_USERS) {
    const existing = site.users.byName(u.name);
    if (!existing || isDisabled(existing)) await createUser(site, { ...u, id: existing?.id ?? u.name });
  }
  return DEMO_UNITS.map((d) => {
    const existing = site.units.get(d.id);
    const device = site.devices.get(demoDeviceId(d.id));
    if (device?.secretHash === RETIRED_DEVICE_SECRET) {
      site.devices.put({ ...device, secretHash: hashDeviceSecret(demoDevicePassword(d.id)) });
    }
    if (existing) return existing;
    const owner = d.owner ? site.users.byName(d.owner)?.id : undefined;
    const unit: Unit = {
      id: d.id,
      name: d.name,
      profileId: d.profileId,
      createdAtMs: clock.now(),
      ...(owner ? { ownerId: owner } : {}),
    };
    site.transaction(() => {
      site.units.put(unit);
      site.devices.put({
        id: demoDeviceId(d.id),
        unitId: d.id,
        secretHash: hashDeviceSecret(demoDevicePassword(d.id)),
        intervalS: intervalS(d.profileId),
        board: "SIM",
        online: false,
        ackedUpTo: -1,
        createdAtMs: unit.createdAtMs,
      });
      site.audit.append({
        atMs: unit.createdAtMs,
        actor: "demo",
        action: "unit.created",
        subject: `unit:${d.id}`,
        details: { profileId: d.profileId },
      });
    });
    return unit;
  });
}

const DAY = 86_400_000;

/** Bags in the donors' freezers, registered before the sensors' history begins (once). */
export function seedBags(site: SiteStore, batches: BatchActions, atMs: number): void {
  if (site.batches.list().length > 0) return;
  const bag = (unitId: string, donor: string, label: string, ml: number, daysOld: number): NewBatch => ({
    label,
    unitId,
    donorId: site.users.byName(donor)?.id ?? donor,
    volumeMl: ml,
    container: "flat-bag",
    expressedAtMs: atMs - daysOld * DAY,
    purpose: "donation",
    processing: "raw",
  });
  const bags = [
    bag("anna-freezer", "anna", "Anna #1", 120, 20),
    bag("anna-freezer", "anna", "Anna #2", 150, 12),
    bag("anna-freezer", "anna", "Anna #3", 90, 3),
    bag("bea-freezer", "bea", "Bea #1", 100, 9),
    bag("bea-chest", "bea", "Bea #2", 60, 15),
    bag("bea-chest", "bea", "Bea #3", 180, 6),
  ];
  for (const b of bags) batches.register(b, "demo");
}
