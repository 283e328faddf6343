// Bags moving between units: the engine keeps each unit's rule state in step (batch-out from the old
// unit carries the bag's thaw state into batch-in of the new one), every move is recorded and
// audited, and the bag's record follows.
import { randomUUID } from "node:crypto";
import type { BatchSpec } from "../../shared/rules/types.js";
import type { EventBus } from "../bus.js";
import { conflict, invalid, notFound } from "../errors.js";
import type { BatchActions, Clock } from "../services.js";
import type { Batch } from "../store/records.js";
import type { SiteStore } from "../store/site-store.js";
import type { Engine } from "./engine.js";

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
    const entry = site.transaction(() => {
      site.batches.put(batch);
      site.batches.recordMove({ batchId: batch.id, ...move });
      return site.audit.append({
        atMs: move.atMs,
        actor: move.by,
        action,
        subject: `batch:${batch.id}`,
        details,
      });
    });
    engine.save();
    deps.bus.emit("audit", entry);
    deps.bus.emit("batch", batch);
    return batch;
  }

  return {
    register(input, by) {
      requireUnit(input.unitId);
      if (!(input.volumeMl > 0)) throw invalid("volumeMl: must be more than 0");
      const atMs = clock.now();
      const { unitId, ...rest } = input;
      const spec = { id: randomUUID(), ...rest };
      const thaw = placeIn(unitId, spec, atMs);
      const batch: Batch = { ...spec, unitId, thaw, createdAtMs: atMs };
      return save(batch, { fromUnitId: null, toUnitId: unitId, atMs, by }, "batch.registered", {
        unitId,
        label: input.label,
      });
    },
    move(batchId, toUnitId, by, note) {
      const batch = load(batchId);
      if (toUnitId !== null) requireUnit(toUnitId);
      if (batch.unitId === toUnitId) throw conflict(`batch '${batchId}' is already there`);
      const atMs = clock.now();
      const carried = takeOut(batch, atMs);
      const thaw = toUnitId === null ? carried : placeIn(toUnitId, { ...batch, thaw: carried }, atMs);
      const moved: Batch = { ...batch, unitId: toUnitId, thaw };
      const move = { fromUnitId: batch.unitId, toUnitId, atMs, by, ...(note ? { note } : {}) };
      return save(moved, move, "batch.moved", { from: batch.unitId, to: toUnitId, phase: thaw.phase });
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

  /** Removes the batch from its unit's rules; its latest thaw state goes with it. */
  function takeOut(batch: Batch, atMs: number): Batch["thaw"] {
    if (batch.unitId === null) return batch.thaw;
    const thaw = engine.batchThaw(batch.unitId, batch.id) ?? batch.thaw;
    engine.apply(batch.unitId, { kind: "batch-out", timeMs: atMs, batchId: batch.id });
    return thaw;
  }
}

function specOf(b: BatchSpec): BatchSpec {
  return {
    id: b.id,
    volumeMl: b.volumeMl,
    container: b.container,
    expressedAtMs: b.expressedAtMs,
    purpose: b.purpose,
    processing: b.processing,
  };
}
