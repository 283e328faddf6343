// The quarantine of refused readings: staff and admin see it; an admin releases readings once their
// cause is fixed (a device clock that was wrong: with the correction in seconds), audited each time.
import { Router } from "express";
import { z } from "zod";
import { releaseQuarantined } from "../../ingest/quarantine-release.js";
import { MAX_QUARANTINED_PER_DEVICE } from "../../store/quarantine.js";
import { requireRole } from "../authenticate.js";
import type { RouteContext } from "../context.js";
import { sendOk } from "../envelope.js";
import { parseInput } from "../validate.js";

const ListQuery = z.object({
  deviceId: z.string().min(1).optional(),
  unitId: z.string().min(1).optional(),
  reason: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_QUARANTINED_PER_DEVICE).default(500),
});

/** a clock set to 1970 is 56 years off; no correction is larger */
const MAX_OFFSET_S = 60 * 366 * 86_400;

const ReleaseBody = z
  .object({
    ids: z.array(z.number().int().positive()).min(1).max(1000).optional(),
    deviceId: z.string().min(1).optional(),
    reason: z.string().min(1).optional(),
    offsetS: z.number().int().min(-MAX_OFFSET_S).max(MAX_OFFSET_S).default(0),
    comment: z.string().max(2000).default(""),
  })
  .refine((b) => (b.ids === undefined) === (b.deviceId !== undefined && b.reason !== undefined), {
    message: "give either ids, or deviceId and reason",
    path: ["ids"],
  });

export function quarantineRoutes(ctx: RouteContext): Router {
  const router = Router();
  router.use(requireRole("admin", "staff"));
  router.get("/", (req, res) => {
    const { limit, ...filter } = parseInput(ListQuery, req.query);
    const q = ctx.site.quarantine;
    const heldByReason = q.heldByReason();
    const held = Object.values(heldByReason).reduce((a, b) => a + b, 0);
    sendOk(res, { held, heldByReason, overflow: q.overflow(), readings: q.list({ ...filter, limit }) });
  });

  router.post("/release", requireRole("admin"), async (req, res) => {
    const { ids, deviceId, reason, offsetS, comment } = parseInput(ReleaseBody, req.body);
    const selection = ids ? { ids } : { deviceId, reason };
    const selected = ctx.site.quarantine.list(selection);
    const outcome = await releaseQuarantined(ctx, selected, offsetS, (o) => {
      const keptWhy: Record<string, number> = {};
      for (const k of o.kept) keptWhy[k.why] = (keptWhy[k.why] ?? 0) + 1;
      const subject = deviceId ? `device:${deviceId}` : "quarantine";
      ctx.audit(res, "quarantine.released", subject, {
        ...(ids ? { ids: ids.length } : { deviceId, reason }),
        offsetS,
        comment,
        released: o.released,
        releasedSeqs: o.releasedSeqs,
        kept: o.kept.length,
        keptWhy,
      });
    });
    sendOk(res, { ...outcome, offsetS });
  });
  return router;
}
