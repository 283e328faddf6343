// A courier's round: start with a cool box, pick up bags from donors (they move into the box),
// hand over at the bank (the trip ends and its report is computed), and staff accept or reject.
import { randomUUID } from "node:crypto";
import type { BatchThawState } from "../../shared/rules/types.js";
import type { EventBus } from "../bus.js";
import { conflict, invalid, notFound } from "../errors.js";
import type { ProfileCatalog } from "../reports/profile-catalog.js";
import type { BatchActions, Clock, TripActions } from "../services.js";
import type { ReadingsStore } from "../store/readings-store.js";
import type { Trip } from "../store/records.js";
import type { SiteStore } from "../store/site-store.js";
import { tripReport } from "./trip-report.js";

export interface TripDeps {
  site: SiteStore;
  readings: ReadingsStore;
  batches: BatchActions;
  bus: EventBus;
  clock: Clock;
  profiles: ProfileCatalog;
  /**
   * The engine's current thaw estimate of a bag in a unit (engine.batchThaw). The store's copy is
   * saved in batches and can lag; the hand-over report is a decision, so it asks the engine.
   */
  thawOf?: (unitId: string, batchId: string) => BatchThawState | undefined;
}

export function createTripActions(deps: TripDeps): TripActions {
  const { site, bus, clock } = deps;

  const openTrip = (tripId: string): Trip => {
    const trip = site.trips.get(tripId);
    if (!trip) throw notFound("trip", tripId);
    if (trip.endedAtMs !== undefined) throw conflict(`trip '${tripId}' has already been handed over`);
    return trip;
  };

  /** stores the trip with its audit line in one transaction, then tells the bus */
  const save = (trip: Trip, by: string, action: string, details: Record<string, unknown>): Trip => {
    const entry = site.transaction(() => {
      site.trips.put(trip);
      return site.audit.append({ atMs: clock.now(), actor: by, action, subject: `trip:${trip.id}`, details });
    });
    bus.emit("audit", entry);
    bus.emit("trip", trip);
    return trip;
  };

  return {
    start({ courierId, boxUnitId }, by) {
      const box = site.units.get(boxUnitId);
      if (!box) throw notFound("unit", boxUnitId);
      if (deps.profiles.profile(box.profileId)?.kind !== "cool-box") {
        throw invalid(`boxUnitId: unit '${boxUnitId}' is not a cool box`);
      }
      if (site.trips.list({ open: true }).some((t) => t.boxUnitId === boxUnitId)) {
        throw conflict(`cool box '${boxUnitId}' is already on an open trip`);
      }
      const trip: Trip = { id: randomUUID(), courierId, boxUnitId, startedAtMs: clock.now(), pickups: [] };
      return save(trip, by, "trip.started", { courierId, boxUnitId });
    },

    pickup(tripId, { donorId, batchIds }, by) {
      const trip = openTrip(tripId);
      for (const id of batchIds) {
        const batch = site.batches.get(id);
        if (!batch) throw notFound("batch", id);
        if (batch.donorId !== donorId) throw conflict(`batch '${id}' is not donor '${donorId}''s`);
        if (batch.thaw.phase === "discard" || batch.unitId === null) {
          throw conflict(`batch '${id}' is discarded or already handed out`);
        }
        if (batch.unitId === trip.boxUnitId) throw conflict(`batch '${id}' is already in the cool box`);
      }
      return site.transaction(() => {
        for (const id of batchIds) deps.batches.move(id, trip.boxUnitId, by, `picked up on trip ${trip.id}`);
        const pickup = { donorId, atMs: clock.now(), batchIds };
        return save({ ...trip, pickups: [...trip.pickups, pickup] }, by, "trip.pickup", pickup);
      });
    },

    async handOver(tripId, by) {
      const trip = openTrip(tripId);
      const box = site.units.get(trip.boxUnitId);
      const profile = box ? deps.profiles.profile(box.profileId) : undefined;
      if (!profile) throw conflict(`cool box '${trip.boxUnitId}' has no known profile to judge the trip by`);
      const endedAtMs = clock.now();
      const report = await tripReport(deps, trip, profile, endedAtMs);
      // the readings were awaited: take the trip as it is now, and refuse if it was handed over meanwhile
      const ended = { ...openTrip(tripId), endedAtMs, report };
      save(ended, by, "trip.handed-over", { verdict: report.verdict, reasons: report.reasons });
      return ended;
    },

    receive(tripId, decision, comment, by) {
      const trip = site.trips.get(tripId);
      if (!trip) throw notFound("trip", tripId);
      if (!trip.report) throw conflict(`trip '${tripId}' has not been handed over yet`);
      if (trip.reception) throw conflict(`trip '${tripId}' was already ${trip.reception.decision}`);
      const reception = { decision, by, atMs: clock.now(), comment };
      return save({ ...trip, reception }, by, "trip.received", { decision, comment });
    },
  };
}
