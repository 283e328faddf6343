// A bag's estimated milk temperature and ice fraction over time, for the unit chart: the thaw model
// (shared/thaw) replayed over the air readings of every unit the bag has stayed in (thaw-replay.ts,
// from the nearest hourly checkpoint where the store keeps them). The engine keeps only the current
// estimate, so a curve over time has to be recomputed from the air history. The
// same history run through the shared rules gives a bag's state where the engine could not follow it
// in time: a bag registered late, a trip whose box's readings came after the hand-over.
import type { ThawPoint } from "../../shared/api/answers.js";
import { batchThaw, evaluate, initialUnitState, type RuleContext } from "../../shared/rules/index.js";
import type { BatchSpec, BatchThawState, RuleEvent, RuleInput } from "../../shared/rules/types.js";
import type { ProfileCatalog } from "../engine/profile-catalog.js";
import type { ReadingsStore, StoredReading } from "../store/readings-store.js";
import type { Batch, BatchMove } from "../store/records.js";
import { DAY_MS, floorTo, HOUR_MS } from "../store/rollup-figures.js";
import type { SiteStore } from "../store/site-store.js";
import { staysOf } from "./stays.js";
import { ThawReplay } from "./thaw-replay.js";

/** a chart gets no more points than this */
const MAX_POINTS = 1000;
const MINUTE_MS = 60_000;
/**
 * One point per step, the estimate after the step's last reading. The milk changes slowly, so past
 * 1,000 five-minute steps the points are hours apart, each a checkpoint (no replay between them).
 */
const STEPS_MS = [MINUTE_MS, 5 * MINUTE_MS, HOUR_MS, 3 * HOUR_MS, 6 * HOUR_MS, 12 * HOUR_MS, DAY_MS];

function thawStepFor(rangeMs: number): number {
  const wanted = rangeMs / MAX_POINTS;
  return STEPS_MS.find((step) => step >= wanted) ?? Math.ceil(wanted / DAY_MS) * DAY_MS;
}

/** A bag's curve in [fromMs, toMs): per step, the estimate after its last air reading in the window. */
export async function thawHistory(
  readings: ReadingsStore,
  batch: Batch,
  moves: BatchMove[],
  window: { fromMs: number; toMs: number },
): Promise<ThawPoint[]> {
  const replay = new ThawReplay(readings, batch, staysOf(batch, moves));
  try {
    const points: ThawPoint[] = [];
    const stepMs = thawStepFor(window.toMs - window.fromMs);
    for (let startMs = floorTo(window.fromMs, stepMs); startMs < window.toMs; startMs += stepMs) {
      await replay.advanceTo(Math.min(startMs + stepMs, window.toMs));
      const e = replay.now;
      if (e && e.lastUpdateMs >= Math.max(startMs, window.fromMs)) {
        points.push({ timeMs: e.lastUpdateMs, milkTempC: e.milkTempC, iceFraction: e.iceFraction });
      }
    }
    return points;
  } finally {
    replay.close();
  }
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
