// Bags moving between units: the engine keeps each unit's rule state in step (batch-out from the old
// unit carries the bag's thaw state into batch-in of the new one), every move is recorded and
// audited, and the bag's record follows. A bag going into a unit in alarm is taken in with a warning
// (and the audit line says so): a new bag at the unit's air, a moved one with the state it brings,
// which the unit's air then warms.
import { randomInt, randomUUID } from "node:crypto";
import { BAG_CODE_COUNT, freshBagCode } from "../../shared/bags/code.js";
import type { BatchSpec, BatchThawState } from "../../shared/rules/types.js";
import { celsius, utcMinute } from "../../shared/rules/wording/phrases.js";
import type { EventBus } from "../bus.js";
import type { Clock } from "../clock.js";
import { conflict, invalid, notFound } from "../errors.js";
import { auditedChange } from "../store/audited-change.js";
import type { Batch } from "../store/records.js";
import type { SiteStore } from "../store/site-store.js";
import type { Engine } from "./engine.js";

export interface NewBatch {
  label: string;
  donorId?: string;
  unitId: string;
  volumeMl: number;
  container: Batch["container"];
  expressedAtMs: number;
  purpose: Batch["purpose"];
  processing: Batch["processing"];
  /**
   * the bag went in earlier than it is registered: when, and its state from the unit's air since
   * then (reports/thaw-history.ts thawSince; none when the unit has no reading since)
   */
  putIn?: { atMs: number; thaw?: BatchThawState };
}

/** a bag as it went into a unit, with what the person putting it there should know (the unit is in alarm...) */
export type PlacedBatch = Batch & { warnings: string[] };

/** Bags move between units with their thaw state; the engine keeps each unit's rule state in step. */
export interface BatchActions {
  register(input: NewBatch, by: string): PlacedBatch;
  /** `atMs`: when it moved, if earlier than now (a pick-up recorded afterwards) */
  move(batchId: string, toUnitId: string | null, by: string, note?: string, atMs?: number): PlacedBatch;
  discard(batchId: string, by: string, reason: string): Batch;
}

export interface BatchActionDeps {
  site: SiteStore;
  bus: EventBus;
  clock: Clock;
  engine: Engine;
}

export function createBatchActions(deps: BatchActionDeps): BatchActions {
  const { site, engine, clock } = deps;

  function requireUnit(unitId: string): void {
    if (!site.units.get(unitId)) throw notFound("unit", unitId);
  }

  function load(batchId: string): Batch {
    const batch = site.batches.get(batchId);
    if (!batch) throw notFound("batch", batchId);
    return batch;
  }

  /** Puts the batch into a unit's rules and returns its thaw state there. */
  function placeIn(unitId: string, batch: Batch | (BatchSpec & { thaw?: Batch["thaw"] }), atMs: number) {
    const spec: BatchSpec = specOf(batch);
    engine.apply(unitId, {
      kind: "batch-in",
      timeMs: atMs,
      batch: spec,
      ...(batch.thaw ? { thaw: batch.thaw } : {}),
    });
    const thaw = engine.batchThaw(unitId, batch.id);
    if (!thaw) throw invalid(`the rules did not take batch '${batch.id}' into unit '${unitId}'`);
    return thaw;
  }

  function save(
    batch: Batch,
    move: Omit<Parameters<SiteStore["batches"]["recordMove"]>[0], "batchId">,
    action: string,
    details: Record<string, unknown>,
  ): Batch {
    const line = { atMs: move.atMs, actor: move.by, action, subject: `batch:${batch.id}`, details };
    auditedChange(site, deps.bus, line, () => {
      site.batches.put(batch);
      site.batches.recordMove({ batchId: batch.id, ...move });
    });
    // the units the batch left and went into, not every changed unit (thousands in a storm)
    engine.save([move.fromUnitId, move.toUnitId].filter((unitId) => unitId !== null));
    deps.bus.emit("batch", batch);
    return batch;
  }

  return {
    register(input, by) {
      requireUnit(input.unitId);
      if (!(input.volumeMl > 0)) throw invalid("volumeMl: must be more than 0");
      const nowMs = clock.now();
      if (input.putIn) checkPutInTime(input, input.putIn.atMs, nowMs);
      const { unitId, putIn, ...rest } = input;
      const spec = { id: randomUUID(), ...rest };
      const alarm = engine.conditions(unitId).excursion;
      // a bag put in earlier comes with its state from the unit's air since then (reports/thaw-history.ts)
      const thaw = placeIn(unitId, { ...spec, ...(putIn?.thaw ? { thaw: putIn.thaw } : {}) }, nowMs);
      const code = freshBagCode(
        () => randomInt(BAG_CODE_COUNT),
        (c) => site.batches.byCode(c) !== undefined,
      );
      const batch: Batch = { ...spec, code, unitId, thaw, createdAtMs: nowMs };
      const atMs = putIn?.atMs ?? nowMs;
      save(batch, { fromUnitId: null, toUnitId: unitId, atMs, by }, "batch.registered", {
        unitId,
        code,
        label: input.label,
        phase: thaw.phase,
        ...(putIn ? { putInAtMs: putIn.atMs } : {}),
        ...(alarm ? { unitInAlarm: alarm } : {}),
      });
      const warnings = [
        ...(alarm
          ? [alarmWarning(unitId, alarm, `it is recorded at the unit's air, ${stateWords(thaw)}`)]
          : []),
        ...(putIn && !["frozen", "fresh"].includes(thaw.phase)
          ? [`Since it went in at ${utcMinute(putIn.atMs)} the unit's air has left it ${stateWords(thaw)}.`]
          : []),
      ];
      return { ...batch, warnings };
    },
    move(batchId, toUnitId, by, note, atMs = clock.now()) {
      const batch = load(batchId);
      if (toUnitId !== null) requireUnit(toUnitId);
      if (batch.unitId === toUnitId) throw conflict(`batch '${batchId}' is already there`);
      const alarm = toUnitId === null ? null : engine.conditions(toUnitId).excursion;
      const carried = takeOut(batch, atMs);
      const thaw = toUnitId === null ? carried : placeIn(toUnitId, { ...batch, thaw: carried }, atMs);
      const moved: Batch = { ...batch, unitId: toUnitId, thaw };
      const move = { fromUnitId: batch.unitId, toUnitId, atMs, by, ...(note ? { note } : {}) };
      save(moved, move, "batch.moved", {
        from: batch.unitId,
        to: toUnitId,
        phase: thaw.phase,
        ...(alarm ? { unitInAlarm: alarm } : {}),
      });
      const warnings =
        toUnitId !== null && alarm
          ? [
              alarmWarning(
                toUnitId,
                alarm,
                `it goes in ${stateWords(thaw)} and will follow the unit's air from now on`,
              ),
            ]
          : [];
      return { ...moved, warnings };
    },
    discard(batchId, by, reason) {
      const batch = load(batchId);
      if (reason.trim() === "") throw invalid("reason: say why the batch is discarded");
      const atMs = clock.now();
      const thaw = { ...takeOut(batch, atMs), phase: "discard" as const, discardReason: reason };
      const discarded: Batch = { ...batch, unitId: null, thaw };
      const move = { fromUnitId: batch.unitId, toUnitId: null, atMs, by, note: reason };
      return save(discarded, move, "batch.discarded", { reason });
    },
  };

  function alarmWarning(unitId: string, severity: "warning" | "critical", bag: string): string {
    const name = site.units.get(unitId)?.name ?? unitId;
    return `${name} is in alarm (${severity}: its air is outside its limits): ${bag}. Put the bag in a unit whose air is within its limits.`;
  }

  /** Removes the batch from its unit's rules; its latest thaw state goes with it. */
  function takeOut(batch: Batch, atMs: number): Batch["thaw"] {
    if (batch.unitId === null) return batch.thaw;
    const thaw = engine.batchThaw(batch.unitId, batch.id) ?? batch.thaw;
    engine.apply(batch.unitId, { kind: "batch-out", timeMs: atMs, batchId: batch.id });
    return thaw;
  }
}

const PHASE_WORDS: Record<BatchThawState["phase"], string> = {
  fresh: "never frozen",
  frozen: "frozen",
  "partially-thawed": "partly thawed",
  thawed: "thawed",
  expired: "out of time",
  discard: "to be discarded",
};

function stateWords(thaw: BatchThawState): string {
  const ice =
    thaw.phase === "partially-thawed" ? `, about ${Math.round(thaw.iceFraction * 100)} % ice left` : "";
  return `${PHASE_WORDS[thaw.phase]}${ice} (milk ${celsius(thaw.milkTempC)})`;
}

/**
 * The time a bag went into its unit, given at registration: not before it was expressed, and not in
 * the future; the error says what to send instead.
 */
export function checkPutInTime(bag: Pick<NewBatch, "expressedAtMs">, putInAtMs: number, nowMs: number): void {
  if (putInAtMs < bag.expressedAtMs)
    throw invalid(
      `putInAtMs: ${utcMinute(putInAtMs)} is before the milk was expressed (${utcMinute(bag.expressedAtMs)}); give the time the bag went into the unit`,
    );
  if (putInAtMs > nowMs)
    throw invalid(
      `putInAtMs: ${utcMinute(putInAtMs)} is in the future (the gateway's time is ${utcMinute(nowMs)}); leave it out for a bag going in now`,
    );
}

/** what the rules keep of a bag (not its label, donor or place) */
export function specOf(b: BatchSpec): BatchSpec {
  return {
    id: b.id,
    volumeMl: b.volumeMl,
    container: b.container,
    expressedAtMs: b.expressedAtMs,
    purpose: b.purpose,
    processing: b.processing,
  };
}
