// Bags and bottles: list, register, move, discard, and the storage log of one bag; a bag is named
// by its id or by the code on its label (bag-ref.ts).
import type { Router } from "express";
import {
  BatchListQuery,
  DiscardBody,
  MoveBody,
  NewBatchBody,
  ThawQuery,
} from "../../../shared/api/requests.js";
import type { NewBatch } from "../../engine/batch-actions.js";
import { checkPutInTime, specOf } from "../../engine/batch-actions.js";
import { batchHistory } from "../../reports/batch-history.js";
import { staysOf } from "../../reports/stays.js";
import { ruleContextOf, thawHistory, thawSince } from "../../reports/thaw-history.js";
import { bagIdOf } from "../bag-ref.js";
import type { RouteContext } from "../context.js";
import { FieldError } from "../envelope.js";
import { apiRouter } from "../typed-router.js";
import { parseInput } from "../validate.js";

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
  const api = apiRouter("/api/batches");
  api.get("/", (req, res) => {
    const filter = parseInput(BatchListQuery, req.query);
    const access = ctx.access(res);
    return ctx.site.batches.list(filter).filter(access.canSeeBatch);
  });

  api.post(
    "/",
    async (req, res) => {
      const access = ctx.access(res);
      const { putInAtMs, ...input } = parseInput(NewBatchBody, req.body);
      // staff name the donor; anyone else registers her own bags
      const donorId = access.can.wholeSite ? input.donorId : access.user.id;
      access.unit(input.unitId);
      access.handleBag({ donorId }, input.unitId);
      const bag = { ...input, ...(donorId ? { donorId } : {}) };
      const putIn = putInAtMs === undefined ? undefined : await stateSince(ctx, bag, putInAtMs);
      return ctx.batches.register({ ...bag, ...(putIn ? { putIn } : {}) }, access.user.id);
    },
    { needs: "handleBags", status: 201 },
  );

  api.post(
    "/:id/move",
    (req, res) => {
      const access = ctx.access(res);
      const batch = access.batch(bagIdOf(ctx.site, req.params.id));
      const { toUnitId, note } = parseInput(MoveBody, req.body);
      if (toUnitId !== null) access.unit(toUnitId);
      access.handleBag(batch, toUnitId);
      return ctx.batches.move(batch.id, toUnitId, access.user.id, note);
    },
    { needs: "handleBags" },
  );

  api.post(
    "/:id/discard",
    (req, res) => {
      const access = ctx.access(res);
      const batch = access.batch(bagIdOf(ctx.site, req.params.id));
      const { reason } = parseInput(DiscardBody, req.body);
      access.handleBag(batch, null);
      return ctx.batches.discard(batch.id, access.user.id, reason);
    },
    { needs: "handleBags" },
  );

  api.get("/:id/history", async (req, res) => {
    const batch = ctx.access(res).batch(bagIdOf(ctx.site, req.params.id));
    return await batchHistory(ctx.site, ctx.readings, batch, ctx.clock.now());
  });

  api.get("/:id/thaw", async (req, res) => {
    const batch = ctx.access(res).batch(bagIdOf(ctx.site, req.params.id));
    const query = parseInput(ThawQuery, req.query);
    const moves = ctx.site.batches.moves(batch.id);
    const toMs = query.to ?? ctx.clock.now();
    // a bag registered late has been in its unit since it was put in, before its registration
    const fromMs = query.from ?? staysOf(batch, moves)[0]?.fromMs ?? batch.createdAtMs;
    if (fromMs >= toMs) throw new FieldError("from", "must be before to");
    const points = await thawHistory(ctx.readings, batch, moves, { fromMs, toMs });
    return { batchId: batch.id, fromMs, toMs, points };
  });
  return api.router;
}
