// A trip's report: the box's air over the trip, and every bag of the manifest replayed through the
// shared rules from its state at pick-up in the box's stored air (so a report computed again when
// the box's readings arrive late is the one the live rules would have given). Provisional while the
// readings leave part of the trip uncovered.
import type { StorageProfile } from "../../shared/profiles/types.js";
import { tripVerdict } from "../../shared/rules/trips/trip-verdict.js";
import type { BatchThawState } from "../../shared/rules/types.js";
import { specOf } from "../engine/batch-actions.js";
import { conflict } from "../errors.js";
import { minutesAbove } from "../reports/minutes-above.js";
import { type ReplayedBag, replayBags, ruleContextOf } from "../reports/thaw-history.js";
import type { Trip, TripReport } from "../store/records.js";
import type { TripDeps } from "./trip-actions.js";
import { coverageWindow, tripGaps } from "./trip-coverage.js";

const LIMITS = ["warningHighC", "criticalHighC"] as const;

export async function tripReport(
  deps: Pick<TripDeps, "site" | "readings" | "profiles">,
  trip: Trip & { endedAtMs: number },
  version: { version: number; computedAtMs: number },
): Promise<TripReport> {
  const ctx = ruleContextOf(deps.site, deps.profiles, trip.boxUnitId);
  if (!ctx) throw conflict(`cool box '${trip.boxUnitId}' has no profile or rule set to judge the trip by`);
  const profile: StorageProfile = ctx.profile;
  const intervalMs = profile.intervalS.value * 1000;
  const fromMs = trip.startedAtMs;
  const toMs = trip.endedAtMs;
  const window = coverageWindow(trip, intervalMs);
  const air = await deps.readings.range({ unitId: trip.boxUnitId, fromMs: window.fromMs, toMs: toMs + 1 });
  const during = air.filter((r) => r.timeMs >= fromMs);
  const temps = during.flatMap((r) => (r.tempC === null ? [] : [r.tempC]));
  const minutes = Object.fromEntries(
    LIMITS.map((limit) => [
      limit,
      Math.round(minutesAbove(during, profile[limit].value, intervalMs, toMs) * 10) / 10,
    ]),
  );
  const bags = manifest(deps, trip);
  const replay = replayBags(
    ctx,
    air,
    bags.map((b) => b.replayed),
  );
  const judged = bags.map(({ code, label, carried, replayed }) => {
    // the rules take every bag in; a miss (which the map's type allows) keeps its state at pick-up
    const thaw = replay.thaw.get(replayed.spec.id) ?? carried;
    const partlyThawed = replay.events.some(
      (e) => e.batchId === replayed.spec.id && e.kind === "batch-partially-thawed" && e.phase === "raised",
    );
    return { batchId: replayed.spec.id, code, label, thaw, partlyThawed };
  });
  const gaps = tripGaps(
    air.flatMap((r) => (r.tempC === null ? [] : [r.timeMs])),
    fromMs,
    toMs,
    intervalMs,
  );
  return {
    fromMs,
    toMs,
    minC: temps.length ? temps.reduce((a, b) => Math.min(a, b)) : null,
    maxC: temps.length ? temps.reduce((a, b) => Math.max(a, b)) : null,
    minutesAbove: minutes,
    batches: judged.map((b) => ({
      batchId: b.batchId,
      code: b.code,
      label: b.label,
      phase: b.thaw.phase,
      iceFraction: b.thaw.iceFraction,
      // a claim about the whole trip: not made while part of it is not known
      stayedFrozen: b.thaw.phase === "frozen" && !b.partlyThawed && gaps.length === 0,
    })),
    ...tripVerdict(
      judged.map((b) => ({
        label: b.label,
        phase: b.thaw.phase,
        iceFraction: b.thaw.iceFraction,
        partlyThawed: b.partlyThawed,
      })),
      { fromMs, toMs, gaps },
    ),
    ...version,
    provisional: gaps.length > 0,
    gaps,
  };
}

/**
 * Every bag picked up on the trip, entering the box at its pick-up with the state it had then, and
 * leaving it if it was taken out before the hand-over.
 */
function manifest(
  deps: Pick<TripDeps, "site">,
  trip: Trip & { endedAtMs: number },
): { code: string; label: string; carried: BatchThawState; replayed: ReplayedBag }[] {
  return trip.pickups.flatMap((pickup) =>
    pickup.batchIds.flatMap((id) => {
      const batch = deps.site.batches.get(id);
      if (!batch) return [];
      // trips picked up before the state at pick-up was kept start from the bag's record
      const carried = { ...(pickup.thawAtPickup?.[id] ?? batch.thaw), lastUpdateMs: pickup.atMs };
      const out = deps.site.batches
        .moves(id)
        .find((m) => m.fromUnitId === trip.boxUnitId && m.atMs >= pickup.atMs && m.atMs < trip.endedAtMs);
      return [
        {
          code: batch.code,
          label: batch.label,
          carried,
          replayed: {
            spec: specOf(batch),
            atMs: pickup.atMs,
            thaw: carried,
            ...(out ? { outAtMs: out.atMs } : {}),
          },
        },
      ];
    }),
  );
}
