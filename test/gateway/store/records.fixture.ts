// Plausible records for the site-store tests, each with the fields a test wants to change.
import type { Alert, Batch, Device, Trip, Unit, User } from "../../../gateway/store/records.js";
import { BAG_CODE_COUNT, bagCodeOf } from "../../../shared/bags/code.js";

export const T0 = Date.UTC(2026, 0, 5, 8, 0, 0);

export const user = (id: string, extra: Partial<User> = {}): User => ({
  id,
  name: id,
  displayName: `User ${id}`,
  role: "staff",
  passwordHash: "scrypt$abc",
  ...extra,
});

export const unit = (id: string, extra: Partial<Unit> = {}): Unit => ({
  id,
  name: `Freezer ${id}`,
  profileId: "bank-freezer",
  createdAtMs: T0,
  ...extra,
});

export const device = (id: string, unitId: string): Device => ({
  id,
  unitId,
  secretHash: "scrypt$def",
  intervalS: 60,
  online: false,
  ackedUpTo: 0,
  createdAtMs: T0,
});

export const batch = (id: string, unitId: string | null, donorId?: string): Batch => ({
  id,
  // one code per id, as unique as the ids the tests use
  code: bagCodeOf([...id].reduce((n, c) => (n * 131 + c.charCodeAt(0)) % BAG_CODE_COUNT, 0)),
  label: `Bag ${id}`,
  volumeMl: 120,
  container: "flat-bag",
  expressedAtMs: T0 - 86_400_000,
  purpose: "donation",
  processing: "raw",
  unitId,
  ...(donorId ? { donorId } : {}),
  thaw: { milkTempC: -20, iceFraction: 1, phase: "frozen", frozenAtMs: T0 - 80_000_000, lastUpdateMs: T0 },
  createdAtMs: T0,
});

export const trip = (id: string, courierId: string, extra: Partial<Trip> = {}): Trip => ({
  id,
  courierId,
  boxUnitId: "box-1",
  startedAtMs: T0,
  pickups: [{ donorId: "donor-1", atMs: T0 + 600_000, batchIds: ["b1", "b2"] }],
  ...extra,
});

export const alert = (id: string, extra: Partial<Alert> = {}): Alert => ({
  id,
  key: `temperature-excursion:${id}`,
  kind: "temperature-excursion",
  severity: "critical",
  unitId: "u1",
  state: "open",
  message: "The freezer is above -18 °C. Keep the door shut and check the seal.",
  details: { maxC: -12.5 },
  openedAtMs: T0,
  escalationLevel: 0,
  lastNotifiedAtMs: T0,
  ...extra,
});
