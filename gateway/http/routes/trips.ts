// Courier rounds: list, start, pick up, hand over, receive, and the trip report (JSON or CSV).
import type { Response, Router } from "express";
import {
  HandoverBody,
  PickupBody,
  ReceptionBody,
  StartTripBody,
  TripListQuery,
  TripReportQuery,
} from "../../../shared/api/requests.js";
import { conflict } from "../../errors.js";
import { tripCsv } from "../../reports/trip-csv.js";
import type { Trip, TripReport } from "../../store/records.js";
import { bagIdOf } from "../bag-ref.js";
import type { RouteContext } from "../context.js";
import { apiRouter, CsvAnswer } from "../typed-router.js";
import { parseInput } from "../validate.js";

export function tripRoutes(ctx: RouteContext): Router {
  const api = apiRouter("/api/trips");
  api.get("/", (req, res) => {
    const { open } = parseInput(TripListQuery, req.query);
    const access = ctx.access(res);
    return ctx.site.trips
      .list(open ? { open: open === "true" } : {})
      .filter(access.canSeeTrip)
      .map(access.tripView);
  });

  // a courier sees no unit or person of the site otherwise: the boxes and donors by name, to pick from
  api.get(
    "/choices",
    () => ({
      boxes: ctx.site.units
        .list()
        .filter((u) => ctx.profiles.profile(u.profileId)?.kind === "cool-box")
        .map((u) => ({ id: u.id, name: u.name })),
      donors: ctx.site.users
        .list()
        .filter((u) => u.role === "donor" && !u.disabled)
        .map((u) => ({ id: u.id, displayName: u.displayName })),
    }),
    { needs: "startTrips" },
  );

  api.post(
    "/",
    (req, res) => {
      const access = ctx.access(res);
      const input = parseInput(StartTripBody, req.body);
      // staff may start a round for a courier; a courier starts her own
      const courierId = access.can.wholeSite ? (input.courierId ?? access.user.id) : access.user.id;
      return ctx.trips.start({ courierId, boxUnitId: input.boxUnitId }, access.user.id);
    },
    { needs: "startTrips", status: 201 },
  );

  api.post("/:id/pickups", (req, res) => {
    const access = ctx.access(res);
    const trip = access.trip(req.params.id);
    access.runTrip(trip);
    const { atMs, donorId, batchIds } = parseInput(PickupBody, req.body);
    // the courier types or scans the codes on the labels
    const pickup = { donorId, batchIds: batchIds.map((ref) => bagIdOf(ctx.site, ref)) };
    return ctx.trips.pickup(trip.id, { ...pickup, ...(atMs === undefined ? {} : { atMs }) }, access.user.id);
  });

  api.post("/:id/handover", async (req, res) => {
    const access = ctx.access(res);
    const trip = access.trip(req.params.id);
    access.runTrip(trip);
    const { atMs } = parseInput(HandoverBody, req.body ?? {});
    return await ctx.trips.handOver(trip.id, access.user.id, atMs);
  });

  api.post(
    "/:id/reception",
    (req, res) => {
      const access = ctx.access(res);
      const { decision, comment } = parseInput(ReceptionBody, req.body);
      return ctx.trips.receive(access.trip(req.params.id).id, decision, comment, access.user.id);
    },
    { needs: "receiveTrips" },
  );

  /** the trip as the user may see it, with its report; 409 before hand-over */
  const reported = (res: Response, id: string) => {
    const trip = ctx.access(res).trip(id);
    if (!trip.report) throw conflict(`trip '${trip.id}' has no report yet: hand it over first`);
    return { trip, report: trip.report };
  };
  const csv = (trip: Trip, report: TripReport) =>
    new CsvAnswer(`trip-${trip.id}.csv`, tripCsv(ctx.site, trip, report));

  api.get("/:id/report.csv", (req, res) => {
    const { trip, report } = reported(res, req.params.id);
    return csv(trip, report);
  });
  api.get("/:id/report", (req, res) => {
    const { format } = parseInput(TripReportQuery, req.query);
    const { trip, report } = reported(res, req.params.id);
    return format === "json" ? { trip, report } : csv(trip, report);
  });
  return api.router;
}
