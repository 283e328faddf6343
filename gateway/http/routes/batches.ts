// Bags and bottles: list, register, move, discard, and the storage log of one bag.
import { Router } from "express";
import { z } from "zod";
import { checkPutInTime, specOf } from "../../engine/batch-actions.js";
import { forbidden } from "../../errors.js";
import { batchHistory } from "../../reports/batch-history.js";
import { staysOf } from "../../reports/stays.js";
import { ruleContextOf, thawHistory, thawSince } from "../../reports/thaw-history.js";
import type { NewBatch } from "../../services.js";
import type { Batch } from "../../store/records.js";
import type { Access } from "../access.js";
import type { RouteContext } from "../context.js";
import { FieldError, sendOk } from "../envelope.js";
import { parseInput } from "../validate.js";

const ListQuery = z.object({ unitId: z.string().min(1).optional(), donorId: z.string().min(1).optional() });
const NewBatchBody = z.object({
  label: z.string().trim().min(1).max(120),
  donorId: z.string().min(1).optional(),
  unitId: z.string().min(1),
  volumeMl: z.number().positive().max(5000),
  container: z.enum(["flat-bag", "bottle"]),
  expressedAtMs: z.number().int().positive(),
  purpose: z.enum(["own", "donation"]),
  processing: z.enum(["raw", "pasteurised"]),
  /** when the bag went into the unit, if before now (a donor registers yesterday's bags today) */
  putInAtMs: z.number().int().positive().optional(),
});
const MoveBody = z.object({ toUnitId: z.string().min(1).nullable(), note: z.string().max(500).optional() });
const DiscardBody = z.object({ reason: z.string().trim().min(1, "say why").max(500) });
const ThawQuery = z.object({
  from: z.coerce.number().int().nonnegative().optional(),
  to: z.coerce.number().int().positive().optional(),
});

/** staff and admin handle any bag; a donor their own bags, within their own units */
function mayHandle(access: Access, batch: Pick<Batch, "donorId">, unitId: string | null): void {
  if (access.siteWide) return;
  const own = access.user.role === "donor" && batch.donorId === access.user.id;
  if (!own || (unitId !== null && !access.canSeeUnit(unitId))) {
    throw forbidden("only staff, or the donor in their own units, may change this bag");
  }
}

/** a bag put in before it is registered: its state from the unit's stored air since then */
async function stateSince(ctx: RouteContext, bag: Omit<NewBatch, "putIn">, putInAtMs: number) {
  const nowMs = ctx.clock.now();
  checkPutInTime(bag, putInAtMs, nowMs);
  const rules = ruleContextOf(ctx.site, ctx.profiles, bag.unitId);
  // the id is the rules' name for the bag in this replay only; register gives the real one
  const spec = specOf({ ...bag, id: "registering" });
  const since = rules ? await thawSince(ctx.readings, rules, spec, putInAtMs, nowMs) : undefined;
  return { atMs: putInAtMs, ...(since?.thaw ? { thaw: since.thaw } : {}) };
}

export function batchRoutes(ctx: RouteContext): Router {
  const router = Router();
  router.get("/", (req, res) => {
    const filter = parseInput(ListQuery, req.query);
    const access = ctx.access(res);
    sendOk(res, ctx.site.batches.list(filter).filter(access.canSeeBatch));
  });

  router.post("/", async (req, res) => {
    const access = ctx.access(res);
    const { putInAtMs, ...input } = parseInput(NewBatchBody, req.body);
    const donorId = access.user.role === "donor" ? access.user.id : input.donorId;
    access.unit(input.unitId);
    mayHandle(access, { donorId }, input.unitId);
    const bag = { ...input, ...(donorId ? { donorId } : {}) };
    const putIn = putInAtMs === undefined ? undefined : await stateSince(ctx, bag, putInAtMs);
    sendOk(res, ctx.batches.register({ ...bag, ...(putIn ? { putIn } : {}) }, access.user.id), 201);
  });

  router.post("/:id/move", (req, res) => {
    const access = ctx.access(res);
    const batch = access.batch(req.params.id);
    const { toUnitId, note } = parseInput(MoveBody, req.body);
    if (toUnitId !== null) access.unit(toUnitId);
    mayHandle(access, batch, toUnitId);
    sendOk(res, ctx.batches.move(batch.id, toUnitId, access.user.id, note));
  });

  router.post("/:id/discard", (req, res) => {
    const access = ctx.access(res);
    const batch = access.batch(req.params.id);
    const { reason } = parseInput(DiscardBody, req.body);
    mayHandle(access, batch, null);
    sendOk(res, ctx.batches.discard(batch.id, access.user.id, reason));
  });

  router.get("/:id/history", async (req, res) => {
    const batch = ctx.access(res).batch(req.params.id);
    sendOk(res, await batchHistory(ctx.site, ctx.readings, batch, ctx.clock.now()));
  });

  router.get("/:id/thaw", async (req, res) => {
    const batch = ctx.access(res).batch(req.params.id);
    const query = parseInput(ThawQuery, req.query);
    const moves = ctx.site.batches.moves(batch.id);
    const toMs = query.to ?? ctx.clock.now();
    // a bag registered late has been in its unit since it was put in, before its registration
    const fromMs = query.from ?? staysOf(batch, moves)[0]?.fromMs ?? batch.createdAtMs;
    if (fromMs >= toMs) throw new FieldError("from", "must be before to");
    const points = await thawHistory(ctx.readings, batch, moves, { fromMs, toMs });
    sendOk(res, { batchId: batch.id, fromMs, toMs, points });
  });
  return router;
}
