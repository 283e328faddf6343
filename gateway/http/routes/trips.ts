// Courier rounds: list, start, pick up, hand over, receive, and the trip report (JSON or CSV).
import { type RequestHandler, Router } from "express";
import { z } from "zod";
import { conflict, forbidden } from "../../errors.js";
import { tripCsv } from "../../reports/trip-csv.js";
import type { Trip } from "../../store/records.js";
import type { Access } from "../access.js";
import { requireRole } from "../authenticate.js";
import type { RouteContext } from "../context.js";
import { sendOk } from "../envelope.js";
import { parseInput } from "../validate.js";

const ListQuery = z.object({ open: z.enum(["true", "false"]).optional() });
const StartBody = z.object({ boxUnitId: z.string().min(1), courierId: z.string().min(1).optional() });
/** when a trip event happened, if it is recorded afterwards (Unix ms) */
const EventTime = z.number().int().positive().optional();
const PickupBody = z.object({
  donorId: z.string().min(1),
  batchIds: z.array(z.string().min(1)).min(1).max(500),
  atMs: EventTime,
});
const HandoverBody = z.object({ atMs: EventTime });
const ReceptionBody = z.object({
  decision: z.enum(["accepted", "rejected"]),
  comment: z.string().max(2000).default(""),
});
const ReportQuery = z.object({ format: z.enum(["json", "csv"]).default("json") });

/** the trip's own courier, or staff and admin */
function runsTrip(access: Access, trip: Trip): void {
  if (!access.siteWide && trip.courierId !== access.user.id)
    throw forbidden("only the trip's courier or staff may do this");
}

export function tripRoutes(ctx: RouteContext): Router {
  const router = Router();
  router.get("/", (req, res) => {
    const { open } = parseInput(ListQuery, req.query);
    const access = ctx.access(res);
    const trips = ctx.site.trips
      .list(open ? { open: open === "true" } : {})
      .filter(access.canSeeTrip)
      .map(access.tripView);
    sendOk(res, trips);
  });

  router.post("/", requireRole("courier", "staff", "admin"), (req, res) => {
    const access = ctx.access(res);
    const input = parseInput(StartBody, req.body);
    const courierId = access.siteWide ? (input.courierId ?? access.user.id) : access.user.id;
    sendOk(res, ctx.trips.start({ courierId, boxUnitId: input.boxUnitId }, access.user.id), 201);
  });

  router.post("/:id/pickups", (req, res) => {
    const access = ctx.access(res);
    const trip = access.trip(req.params.id);
    runsTrip(access, trip);
    const { atMs, ...pickup } = parseInput(PickupBody, req.body);
    sendOk(
      res,
      ctx.trips.pickup(trip.id, { ...pickup, ...(atMs === undefined ? {} : { atMs }) }, access.user.id),
    );
  });

  router.post("/:id/handover", async (req, res) => {
    const access = ctx.access(res);
    const trip = access.trip(req.params.id);
    runsTrip(access, trip);
    const { atMs } = parseInput(HandoverBody, req.body ?? {});
    sendOk(res, await ctx.trips.handOver(trip.id, access.user.id, atMs));
  });

  router.post("/:id/reception", requireRole("staff", "admin"), (req, res) => {
    const access = ctx.access(res);
    const { decision, comment } = parseInput(ReceptionBody, req.body);
    sendOk(res, ctx.trips.receive(access.trip(String(req.params.id)).id, decision, comment, access.user.id));
  });

  const report = (format: "json" | "csv"): RequestHandler<{ id: string }> => {
    return (req, res) => {
      const trip = ctx.access(res).trip(req.params.id);
      if (!trip.report) throw conflict(`trip '${trip.id}' has no report yet: hand it over first`);
      if (format === "json") return sendOk(res, { trip, report: trip.report });
      res.type("text/csv; charset=utf-8").attachment(`trip-${trip.id}.csv`);
      res.send(tripCsv(ctx.site, trip, trip.report));
    };
  };
  router.get("/:id/report.csv", report("csv"));
  router.get("/:id/report", (req, res, next) =>
    report(parseInput(ReportQuery, req.query).format)(req, res, next),
  );
  return router;
}
