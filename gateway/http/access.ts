// The one access policy: what each role may do (capabilities, which GET /api/me hands to the page)
// and what each user may see: admin and staff everything on the site, a donor their own units and
// bags (and of a trip only her own pick-ups), a courier a cool box only while she carries it: its
// readings and alerts within her trips (start to hand-over), the bags she picked up on a trip still
// open, and her own trips' reports.
import type { RequestHandler } from "express";
import { CAPABILITIES, type Capabilities, type Capability } from "../../shared/api/capabilities.js";
import { forbidden, notFound } from "../errors.js";
import type { Batch, Role, Trip, Unit, User } from "../store/records.js";
import type { SiteStore } from "../store/site-store.js";
import { currentUser } from "./authenticate.js";
import { donorsView } from "./trip-view.js";

/** the roles that have each capability */
const ROLES_WITH: Record<Capability, readonly Role[]> = {
  wholeSite: ["admin", "staff"],
  handleBags: ["admin", "staff", "donor"],
  startTrips: ["admin", "staff", "courier"],
  receiveTrips: ["admin", "staff"],
  readAudit: ["admin", "staff"],
  readQuarantine: ["admin", "staff"],
  releaseQuarantine: ["admin"],
  listPeople: ["admin", "staff"],
  createUsers: ["admin"],
  createUnits: ["admin"],
  listDevices: ["admin", "staff"],
  provisionDevices: ["admin"],
  readSiteSettings: ["admin"],
};

export function capabilitiesOf(role: Role): Capabilities {
  const can = {} as Capabilities;
  for (const capability of CAPABILITIES) can[capability] = ROLES_WITH[capability].includes(role);
  return can;
}

/** 403 unless the signed-in user has the capability */
export function requireCapability(capability: Capability): RequestHandler {
  return (_req, res, next) => {
    const { role } = currentUser(res);
    const roles = ROLES_WITH[capability];
    if (!roles.includes(role)) throw forbidden(`a ${role} may not do this (needs ${roles.join(" or ")})`);
    next();
  };
}

/** a stretch of time a user may read a unit's past in */
export interface Span {
  fromMs: number;
  toMs: number;
}

export interface Access {
  user: User;
  /** what the user's role may do */
  readonly can: Capabilities;
  /** may see the unit as it is now */
  canSeeUnit(unitId: string): boolean;
  /** may see what happened in the unit at that time (a reading, an alert opening) */
  canSeeUnitAt(unitId: string, timeMs: number): boolean;
  visibleUnits(): Unit[];
  /** the unit, or 404 / 403 */
  unit(unitId: string): Unit;
  /** the part of [fromMs, toMs) of the unit's past the user may read, or undefined when none */
  spanOf(unitId: string, span: Span): Span | undefined;
  /** spanOf, or 404 / 403 */
  readableSpan(unitId: string, span: Span): Span;
  canSeeBatch(batch: Batch): boolean;
  /** the batch, or 404 / 403 */
  batch(batchId: string): Batch;
  canSeeTrip(trip: Trip): boolean;
  /** what the user may see of a trip they can see: a donor only her own pick-ups */
  tripView(trip: Trip): Trip;
  /** the trip as the user may see it, or 404 / 403 */
  trip(tripId: string): Trip;
  /** 403 unless the user may register, move or discard the bag, into `unitId` (null: out of every unit) */
  handleBag(batch: Pick<Batch, "donorId">, unitId: string | null): void;
  /** 403 unless the user runs the trip (picks up, hands over): its own courier, or staff */
  runTrip(trip: Trip): void;
}

export function accessFor(site: SiteStore, user: User): Access {
  const can = capabilitiesOf(user.role);
  const siteWide = can.wholeSite;
  const courierTrips = user.role === "courier" ? site.trips.list({ courierId: user.id }) : [];
  const openTrips = courierTrips.filter((t) => t.endedAtMs === undefined);
  /** the courier's trips with this box, as spans; an open trip runs on */
  const carried = (unitId: string): Span[] =>
    courierTrips
      .filter((t) => t.boxUnitId === unitId)
      .map((t) => ({ fromMs: t.startedAtMs, toMs: t.endedAtMs ?? Number.POSITIVE_INFINITY }));
  const owns = (unitId: string) => user.role === "donor" && site.units.get(unitId)?.ownerId === user.id;

  const canSeeUnit = (unitId: string): boolean =>
    siteWide || owns(unitId) || openTrips.some((t) => t.boxUnitId === unitId);
  const canSeeUnitAt = (unitId: string, timeMs: number): boolean =>
    siteWide || owns(unitId) || carried(unitId).some((s) => s.fromMs <= timeMs && timeMs <= s.toMs);
  const spanOf = (unitId: string, span: Span): Span | undefined => {
    if (siteWide || owns(unitId)) return span;
    // a courier: the newest of her trips with this box that overlaps the window, cut to the trip
    const trip = carried(unitId)
      .filter((s) => s.fromMs <= span.toMs && span.fromMs <= s.toMs)
      .sort((a, b) => b.fromMs - a.fromMs)[0];
    if (!trip) return undefined;
    return { fromMs: Math.max(span.fromMs, trip.fromMs), toMs: Math.min(span.toMs, trip.toMs + 1) };
  };
  const pickedUpOnOpenTrip = (batchId: string) =>
    openTrips.some((t) => t.pickups.some((p) => p.batchIds.includes(batchId)));
  const canSeeBatch = (batch: Batch): boolean => {
    if (siteWide) return true;
    if (user.role === "courier") return pickedUpOnOpenTrip(batch.id);
    return batch.donorId === user.id || (batch.unitId !== null && owns(batch.unitId));
  };
  const canSeeTrip = (trip: Trip): boolean =>
    siteWide ||
    trip.courierId === user.id ||
    (user.role === "donor" && trip.pickups.some((p) => p.donorId === user.id));
  const tripView = (trip: Trip): Trip =>
    siteWide || trip.courierId === user.id ? trip : donorsView(trip, user.id);

  return {
    user,
    can,
    canSeeUnit,
    canSeeUnitAt,
    visibleUnits: () => site.units.list().filter((u) => canSeeUnit(u.id)),
    unit(unitId) {
      const unit = site.units.get(unitId);
      if (!unit) throw notFound("unit", unitId);
      if (!canSeeUnit(unitId)) throw forbidden(`unit '${unitId}' is not one of yours`);
      return unit;
    },
    spanOf,
    readableSpan(unitId, span) {
      if (!site.units.get(unitId)) throw notFound("unit", unitId);
      const readable = spanOf(unitId, span);
      if (!readable) throw forbidden(`unit '${unitId}' is not one of yours at that time`);
      return readable;
    },
    canSeeBatch,
    batch(batchId) {
      const batch = site.batches.get(batchId);
      if (!batch) throw notFound("batch", batchId);
      if (!canSeeBatch(batch)) throw forbidden(`batch '${batchId}' is not one of yours`);
      return batch;
    },
    canSeeTrip,
    tripView,
    trip(tripId) {
      const trip = site.trips.get(tripId);
      if (!trip) throw notFound("trip", tripId);
      if (!canSeeTrip(trip)) throw forbidden(`trip '${tripId}' is not one of yours`);
      return tripView(trip);
    },
    handleBag(batch, unitId) {
      if (siteWide) return;
      // a donor: her own bags, within her own units
      const own = can.handleBags && batch.donorId === user.id;
      if (!own || (unitId !== null && !canSeeUnit(unitId))) {
        throw forbidden("only staff, or the donor in their own units, may change this bag");
      }
    },
    runTrip(trip) {
      if (!siteWide && trip.courierId !== user.id)
        throw forbidden("only the trip's courier or staff may do this");
    },
  };
}
