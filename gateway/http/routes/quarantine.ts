// The quarantine of refused readings: staff and admin see it; an admin releases readings once their
// cause is fixed (a device clock that was wrong: with the correction in seconds), audited each time.
import type { Router } from "express";
import { QuarantineListQuery, ReleaseBody } from "../../../shared/api/requests.js";
import { releaseQuarantined } from "../../ingest/quarantine-release.js";
import { MAX_QUARANTINED_PER_DEVICE } from "../../store/quarantine.js";
import type { RouteContext } from "../context.js";
import { apiRouter } from "../typed-router.js";
import { parseInput } from "../validate.js";

/** one list answers at most one device's whole quarantine */
const ListQuery = QuarantineListQuery.refine((q) => q.limit <= MAX_QUARANTINED_PER_DEVICE, {
  message: `Too big: expected number to be <=${MAX_QUARANTINED_PER_DEVICE}`,
  path: ["limit"],
});

export function quarantineRoutes(ctx: RouteContext): Router {
  const api = apiRouter("/api/quarantine");
  api.needs("readQuarantine");
  api.get("/", (req) => {
    const { limit, ...filter } = parseInput(ListQuery, req.query);
    const q = ctx.site.quarantine;
    const heldByReason = q.heldByReason();
    const held = Object.values(heldByReason).reduce((a, b) => a + b, 0);
    return { held, heldByReason, overflow: q.overflow(), readings: q.list({ ...filter, limit }) };
  });

  api.post(
    "/release",
    async (req, res) => {
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
      return { ...outcome, offsetS };
    },
    { needs: "releaseQuarantine" },
  );
  return api.router;
}
