// A bag's estimated milk temperature and ice fraction over time, for the unit chart: the thaw model
// (shared/thaw) replayed over the air readings of every unit the bag has stayed in. The engine keeps
// only the current estimate, so a curve over time has to be recomputed from the air history. The
// same history run through the shared rules gives a bag's state where the engine could not follow it
// in time: a bag registered late, a trip whose box's readings came after the hand-over.
import type { ThawPoint } from "../../shared/api/answers.js";
import { batchThaw, evaluate, initialUnitState, type RuleContext } from "../../shared/rules/index.js";
import type { BatchSpec, BatchThawState, RuleEvent, RuleInput } from "../../shared/rules/types.js";
import { advanceThaw, initialThaw } from "../../shared/thaw/model.js";
import type { ProfileCatalog } from "../engine/profile-catalog.js";
import type { ReadingsStore, StoredReading } from "../store/readings-store.js";
import type { Batch, BatchMove } from "../store/records.js";
import type { SiteStore } from "../store/site-store.js";
import { staysOf } from "./stays.js";

/** a chart gets no more points than this; the model still steps through every reading */
const MAX_POINTS = 1000;

export async function thawHistory(
  readings: ReadingsStore,
  batch: Batch,
  moves: BatchMove[],
  window: { fromMs: number; toMs: number },
): Promise<ThawPoint[]> {
  const all: ThawPoint[] = [];
  let state: ReturnType<typeof initialThaw> | undefined;
  let airC: number | undefined;
  for (const stay of staysOf(batch, moves)) {
    const stayTo = Math.min(stay.toMs ?? window.toMs, window.toMs);
    if (stay.fromMs >= stayTo) continue;
    const air = await readings.range({ unitId: stay.unitId, fromMs: stay.fromMs, toMs: stayTo });
    for (const r of air) {
      if (r.tempC === null) continue;
      if (!state) {
        // as the engine does: a bag starts at the air of the unit it is first put in
        state = initialThaw(r.tempC, stay.fromMs);
        airC = r.tempC;
      }
      // the air of the interval being closed is the previous reading's (see advanceThaw)
      state = advanceThaw(state, batch, airC ?? r.tempC, r.timeMs);
      airC = r.tempC;
      if (r.timeMs >= window.fromMs) {
        all.push({ timeMs: r.timeMs, milkTempC: state.milkTempC, iceFraction: state.iceFraction });
      }
    }
  }
  return thin(all);
}

/** every n-th point and the last: the milk changes slowly, so no peak hides between them */
function thin(points: ThawPoint[]): ThawPoint[] {
  if (points.length <= MAX_POINTS) return points;
  // one place is kept for the last point
  const every = Math.ceil(points.length / (MAX_POINTS - 1));
  return points.filter((_, i) => i % every === 0 || i === points.length - 1);
}

/** The rules' view of a unit (its profile with the site's overrides, the site's rule set), as the engine builds it. */
export function ruleContextOf(
  site: SiteStore,
  profiles: ProfileCatalog,
  unitId: string,
): RuleContext | undefined {
  const unit = site.units.get(unitId);
  const profile = unit ? profiles.profile(unit.profileId) : undefined;
  const ruleSet = profiles.ruleSet();
  return profile && ruleSet ? { unitId, profile, ruleSet } : undefined;
}

/** a bag in a replay: it enters at `atMs` (with the state it brings, or at the unit's air) and may leave */
export interface ReplayedBag {
  spec: BatchSpec;
  atMs: number;
  thaw?: BatchThawState;
  outAtMs?: number;
}

/**
 * The bags' states after a stretch of a unit's stored air, judged by the shared rules exactly as the
 * engine would have judged them had every reading come in time: a fresh unit state fed the readings
 * of every probe and the bags' moves in event time. The engine cannot do this itself once it has
 * gone past the reorder window (a bag registered a day late, a box's readings arriving after the
 * trip); a replay of the stored readings can, at any distance. Bag states are for the bags still
 * inside at the end, or as each left; `events` are everything the rules decided on the way.
 */
export function replayBags(
  ctx: RuleContext,
  air: StoredReading[],
  bags: ReplayedBag[],
): { thaw: Map<string, BatchThawState>; events: RuleEvent[] } {
  const inputs: { timeMs: number; input: RuleInput }[] = [
    ...air.map((r) => ({ timeMs: r.timeMs, input: readingInput(r) })),
    ...bags.flatMap((b) => [
      {
        timeMs: b.atMs,
        input: {
          kind: "batch-in",
          timeMs: b.atMs,
          batch: b.spec,
          ...(b.thaw ? { thaw: b.thaw } : {}),
        } as const,
      },
      ...(b.outAtMs === undefined
        ? []
        : [
            {
              timeMs: b.outAtMs,
              input: { kind: "batch-out", timeMs: b.outAtMs, batchId: b.spec.id } as const,
            },
          ]),
    ]),
  ];
  // a stable sort: a bag moving at the time of a reading enters after that reading, as it would live
  inputs.sort((a, b) => a.timeMs - b.timeMs || rank(a.input) - rank(b.input));
  let state = initialUnitState();
  const thaw = new Map<string, BatchThawState>();
  const events: RuleEvent[] = [];
  for (const { input } of inputs) {
    if (input.kind === "batch-out") {
      const left = batchThaw(state, input.batchId);
      if (left) thaw.set(input.batchId, left);
    }
    const result = evaluate(state, input, ctx);
    state = result.state;
    events.push(...result.events);
  }
  for (const b of bags) {
    const inside = batchThaw(state, b.spec.id);
    if (inside) thaw.set(b.spec.id, inside);
  }
  return { thaw, events };
}

function rank(input: RuleInput): number {
  return input.kind === "reading" ? 0 : 1;
}

function readingInput(r: StoredReading): RuleInput {
  const reading = {
    timeMs: r.timeMs,
    deviceId: r.deviceId,
    tempC: r.tempC,
    ...(r.fault ? { fault: r.fault } : {}),
    ...(r.batteryV === undefined ? {} : { batteryV: r.batteryV }),
  };
  return { kind: "reading", reading };
}

/**
 * A bag put into a unit at `sinceMs` and registered only now (a donor registers yesterday's bags
 * today): its state from the unit's stored air since then. The bag starts at the air of the last
 * reading before it went in (within two reading intervals), or else at the first one after.
 */
export async function thawSince(
  readings: ReadingsStore,
  ctx: RuleContext,
  spec: BatchSpec,
  sinceMs: number,
  nowMs: number,
): Promise<{ thaw: BatchThawState | undefined; events: RuleEvent[] }> {
  const seedMs = 2 * ctx.profile.intervalS.value * 1000;
  const air = await readings.range({ unitId: ctx.unitId, fromMs: sinceMs - seedMs, toMs: nowMs + 1 });
  const replay = replayBags(ctx, air, [{ spec, atMs: sinceMs }]);
  return {
    thaw: replay.thaw.get(spec.id),
    events: replay.events.filter((e) => e.batchId === spec.id),
  };
}
