// What each role may see and change: admin and staff everything on the site, a donor their own units
// and bags, a courier their trips and those trips' cool boxes.
import { forbidden, notFound } from "../errors.js";
import type { Batch, Trip, Unit, User } from "../store/records.js";
import type { SiteStore } from "../store/site-store.js";

export interface Access {
  user: User;
  /** staff or admin: the whole site */
  readonly siteWide: boolean;
  canSeeUnit(unitId: string): boolean;
  visibleUnits(): Unit[];
  /** the unit, or 404 / 403 */
  unit(unitId: string): Unit;
  canSeeBatch(batch: Batch): boolean;
  /** the batch, or 404 / 403 */
  batch(batchId: string): Batch;
  canSeeTrip(trip: Trip): boolean;
  /** the trip, or 404 / 403 */
  trip(tripId: string): Trip;
}

export function accessFor(site: SiteStore, user: User): Access {
  const siteWide = user.role === "admin" || user.role === "staff";
  const courierTrips = user.role === "courier" ? site.trips.list({ courierId: user.id }) : [];
  const courierBoxes = new Set(courierTrips.map((t) => t.boxUnitId));
  const canSeeUnit = (unitId: string): boolean => {
    if (siteWide) return true;
    if (user.role === "courier") return courierBoxes.has(unitId);
    return site.units.get(unitId)?.ownerId === user.id;
  };
  const pickedUpByCourier = (batchId: string) =>
    courierTrips.some((t) => t.pickups.some((p) => p.batchIds.includes(batchId)));
  const canSeeBatch = (batch: Batch): boolean =>
    siteWide ||
    (user.role === "donor" && batch.donorId === user.id) ||
    (batch.unitId !== null && canSeeUnit(batch.unitId)) ||
    (user.role === "courier" && pickedUpByCourier(batch.id));
  const canSeeTrip = (trip: Trip): boolean =>
    siteWide ||
    trip.courierId === user.id ||
    (user.role === "donor" && trip.pickups.some((p) => p.donorId === user.id));
  return {
    user,
    siteWide,
    canSeeUnit,
    visibleUnits: () => site.units.list().filter((u) => canSeeUnit(u.id)),
    unit(unitId) {
      const unit = site.units.get(unitId);
      if (!unit) throw notFound("unit", unitId);
      if (!canSeeUnit(unitId)) throw forbidden(`unit '${unitId}' is not one of yours`);
      return unit;
    },
    canSeeBatch,
    batch(batchId) {
      const batch = site.batches.get(batchId);
      if (!batch) throw notFound("batch", batchId);
      if (!canSeeBatch(batch)) throw forbidden(`batch '${batchId}' is not one of yours`);
      return batch;
    },
    canSeeTrip,
    trip(tripId) {
      const trip = site.trips.get(tripId);
      if (!trip) throw notFound("trip", tripId);
      if (!canSeeTrip(trip)) throw forbidden(`trip '${tripId}' is not one of yours`);
      return trip;
    },
  };
}
