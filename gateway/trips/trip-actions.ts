// A courier's round: start with a cool box, pick up bags from donors (they move into the box),
// hand over at the bank (the trip ends and its report is computed), and staff accept or reject.
// A box out of network reach hands over before its readings arrive: its report stays provisional,
// and is computed again, as a new version, each time readings of the trip come in (late-readings.ts).
import { randomUUID } from "node:crypto";
import { utcMinute } from "../../shared/rules/wording/phrases.js";
import type { EventBus } from "../bus.js";
import type { Clock } from "../clock.js";
import type { BatchActions } from "../engine/batch-actions.js";
import type { ProfileCatalog } from "../engine/profile-catalog.js";
import { conflict, invalid, notFound } from "../errors.js";
import type { Part } from "../part.js";
import { auditedChange } from "../store/audited-change.js";
import type { ReadingsStore } from "../store/readings-store.js";
import type { Trip, TripReport } from "../store/records.js";
import type { SiteStore } from "../store/site-store.js";
import { watchLateReadings } from "./late-readings.js";
import { tripReport } from "./trip-report.js";

/** Courier rounds; pick-up and hand-over may be stamped with when they happened (`atMs`, within the trip, not in the future). */
export interface TripActions {
  start(input: { courierId: string; boxUnitId: string }, by: string): Trip;
  pickup(tripId: string, input: { donorId: string; batchIds: string[]; atMs?: number }, by: string): Trip;
  /**
   * ends the trip and computes its report from the box's readings; a provisional report is computed
   * again, as a new version, whenever readings of the trip arrive later
   */
  handOver(tripId: string, by: string, atMs?: number): Promise<Trip & { report: TripReport }>;
  /** a decision on a provisional report needs a comment that says why */
  receive(tripId: string, decision: "accepted" | "rejected", comment: string, by: string): Trip;
}

export interface TripDeps {
  site: SiteStore;
  readings: ReadingsStore;
  batches: BatchActions;
  bus: EventBus;
  clock: Clock;
  profiles: ProfileCatalog;
}

/** the actions, and the part that keeps provisional reports up to date while the gateway runs */
export function createTripActions(deps: TripDeps): TripActions & { lateReadings: Part } {
  const { site, bus, clock } = deps;

  const openTrip = (tripId: string): Trip => {
    const trip = site.trips.get(tripId);
    if (!trip) throw notFound("trip", tripId);
    if (trip.endedAtMs !== undefined) throw conflict(`trip '${tripId}' has already been handed over`);
    return trip;
  };

  /** stores the trip with its audit line in one transaction, then tells the bus */
  const save = (trip: Trip, by: string, action: string, details: Record<string, unknown>): Trip => {
    const line = { atMs: clock.now(), actor: by, action, subject: `trip:${trip.id}`, details };
    auditedChange(site, bus, line, () => site.trips.put(trip));
    bus.emit("trip", trip);
    return trip;
  };

  /** when a trip event happened: now, or a time given within the trip (from `earliestMs`) and not in the future */
  const eventTime = (atMs: number | undefined, earliestMs: number, since: string): number => {
    const nowMs = clock.now();
    if (atMs === undefined) return nowMs;
    if (atMs < earliestMs)
      throw invalid(
        `atMs: ${utcMinute(atMs)} is before ${since} (${utcMinute(earliestMs)}); give a time after it`,
      );
    if (atMs > nowMs)
      throw invalid(
        `atMs: ${utcMinute(atMs)} is in the future (the gateway's time is ${utcMinute(nowMs)}); leave it out for now`,
      );
    return atMs;
  };

  let stopWatching = () => {};
  return {
    lateReadings: {
      name: "trip reports",
      start: () => {
        stopWatching = watchLateReadings({ ...deps, save });
      },
      stop: () => stopWatching(),
    },

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

    pickup(tripId, { donorId, batchIds, atMs: givenAtMs }, by) {
      const trip = openTrip(tripId);
      const atMs = eventTime(givenAtMs, trip.startedAtMs, "the trip started");
      for (const id of batchIds) {
        const batch = site.batches.get(id);
        if (!batch) throw notFound("batch", id);
        // the courier reads the code on the label, and knows the donor by name
        const donor = site.users.get(donorId)?.displayName ?? donorId;
        if (batch.donorId !== donorId) throw conflict(`bag ${batch.code} is not ${donor}'s`);
        if (batch.thaw.phase === "discard" || batch.unitId === null) {
          throw conflict(`bag ${batch.code} is discarded or already handed out`);
        }
        if (batch.unitId === trip.boxUnitId) throw conflict(`bag ${batch.code} is already in the cool box`);
      }
      return site.transaction(() => {
        const moved = batchIds.map((id) =>
          deps.batches.move(id, trip.boxUnitId, by, `picked up on trip ${trip.id}`, atMs),
        );
        // the report replays the box's air from each bag's state as it went in
        const thawAtPickup = Object.fromEntries(moved.map((b) => [b.id, b.thaw]));
        const pickup = { donorId, atMs, batchIds, thawAtPickup };
        return save({ ...trip, pickups: [...trip.pickups, pickup] }, by, "trip.pickup", {
          donorId,
          atMs,
          batchIds,
        });
      });
    },

    async handOver(tripId, by, givenAtMs) {
      const trip = openTrip(tripId);
      const lastPickupMs = Math.max(trip.startedAtMs, ...trip.pickups.map((p) => p.atMs));
      const endedAtMs = eventTime(givenAtMs, lastPickupMs, "the trip's last event");
      const report = await tripReport(
        deps,
        { ...trip, endedAtMs },
        { version: 1, computedAtMs: clock.now() },
      );
      // the readings were awaited: take the trip as it is now, and refuse if it was handed over meanwhile
      const ended = { ...openTrip(tripId), endedAtMs, report };
      save(ended, by, "trip.handed-over", {
        endedAtMs,
        verdict: report.verdict,
        reasons: report.reasons,
        provisional: report.provisional,
      });
      return ended;
    },

    receive(tripId, decision, comment, by) {
      const trip = site.trips.get(tripId);
      if (!trip) throw notFound("trip", tripId);
      const report = trip.report;
      if (!report) throw conflict(`trip '${tripId}' has not been handed over yet`);
      if (trip.reception) throw conflict(`trip '${tripId}' was already ${trip.reception.decision}`);
      if (report.provisional && comment.trim() === "")
        throw invalid(
          `comment: the report is provisional (${report.reasons[0] ?? "the box's readings are not all in"}); say why you decide before the box's readings are in, or wait for them`,
        );
      const reception = { decision, by, atMs: clock.now(), comment, reportVersion: report.version };
      return save({ ...trip, reception }, by, "trip.received", {
        decision,
        comment,
        reportVersion: report.version,
        verdict: report.verdict,
        provisional: report.provisional,
      });
    },
  };
}
