// Runs the shared rules per unit: keeps each unit's rule state (loaded from the store at start,
// saved in batches, not per reading), feeds stored readings in event time, ticks the clock for
// silence and deadlines, and puts what the rules decide on the bus as "ruleEvent".
import type { RuleContext } from "../../shared/rules/context.js";
import type { UnitConditions } from "../../shared/rules/index.js";
import type { BatchThawState, RuleEvent, RuleInput, UnitReading } from "../../shared/rules/types.js";
import type { EventBus } from "../bus.js";
import type { Clock } from "../clock.js";
import type { Logger } from "../log.js";
import { METRIC, type Metrics } from "../metrics.js";
import type { StoredReading } from "../store/readings-store.js";
import type { SiteStore } from "../store/site-store.js";

export type { RuleContext } from "../../shared/rules/context.js";

/** The part of shared/rules the engine uses (the engine is built with the real one). */
export interface RulesApi<S = unknown> {
  /** the saved state, or a fresh one when the saved one is not this version's */
  restoreUnitState(saved: unknown): S;
  evaluate(
    state: S,
    input: RuleInput,
    ctx: RuleContext,
  ): { state: S; events: RuleEvent[]; ignored?: "duplicate" | "too-late" };
  batchThaw(state: S, batchId: string): BatchThawState | undefined;
  unitConditions(state: S): UnitConditions;
}

export interface EngineDeps {
  site: SiteStore;
  bus: EventBus;
  clock: Clock;
  log: Logger;
  rules: RulesApi;
  metrics: Metrics;
  /** the unit's profile with the site's overrides, and the site's rule set */
  contextFor(unitId: string): RuleContext | undefined;
}

export interface Engine {
  /** runs one input for a unit now and announces its events; returns the unit's new state */
  apply(unitId: string, input: RuleInput): unknown;
  readings(readings: StoredReading[]): void;
  /** tells these units that time has passed: silence, deadlines */
  tick(unitIds: readonly string[]): void;
  /** what is going on in the unit now, as the rules see it */
  conditions(unitId: string): UnitConditions;
  /** the current thaw state of a batch inside a unit */
  batchThaw(unitId: string, batchId: string): BatchThawState | undefined;
  /**
   * Saves in one transaction the changed states of these units (of every unit when not given) and
   * the thaw state of the batches inside. When the store refuses (locked, disk full) it throws and
   * keeps those units to save on the next call.
   */
  save(unitIds?: readonly string[]): void;
  /** the units whose state changed since it was last saved */
  unsaved(): string[];
}

export function createEngine(deps: EngineDeps): Engine {
  const states = new Map<string, unknown>();
  const dirty = new Set<string>();

  const stateOf = (unitId: string): unknown => {
    if (!states.has(unitId)) {
      const saved = deps.site.ruleState.get(unitId);
      const state = deps.rules.restoreUnitState(saved);
      if (saved !== undefined && state !== saved)
        deps.log.warn(`unit ${unitId}: its saved rule state was not readable; its rules start over`);
      states.set(unitId, state);
    }
    return states.get(unitId);
  };

  const apply = (unitId: string, input: RuleInput): unknown => judge(unitId, input, deps.contextFor(unitId));

  function judge(unitId: string, input: RuleInput, ctx: RuleContext | undefined): unknown {
    if (!ctx) {
      deps.log.warn(`no profile for unit ${unitId}; input ignored`);
      return stateOf(unitId);
    }
    const result = deps.rules.evaluate(stateOf(unitId), input, ctx);
    if (result.ignored === "too-late")
      deps.log.warn(
        `unit ${unitId}: a reading older than the rules' reorder window was stored but not judged`,
      );
    if (result.ignored) deps.metrics.inc(METRIC.notJudged[0], METRIC.notJudged[1], { why: result.ignored });
    if (result.state !== states.get(unitId)) {
      states.set(unitId, result.state);
      dirty.add(unitId);
    }
    for (const event of result.events) deps.bus.emit("ruleEvent", event);
    return result.state;
  }

  function save(unitIds: readonly string[] = [...dirty]): void {
    const units = unitIds.filter((unitId) => dirty.has(unitId));
    if (units.length === 0) return;
    const changed = deps.site.transaction(() => units.flatMap((unitId) => saveUnit(unitId)));
    for (const unitId of units) dirty.delete(unitId);
    for (const batch of changed) deps.bus.emit("batch", batch);
  }

  function saveUnit(unitId: string) {
    const state = states.get(unitId);
    deps.site.ruleState.put(unitId, state);
    const changed = [];
    for (const batch of deps.site.batches.list({ unitId })) {
      const thaw = deps.rules.batchThaw(state, batch.id);
      if (!thaw || sameThaw(thaw, batch.thaw)) continue;
      const updated = { ...batch, thaw };
      deps.site.batches.put(updated);
      changed.push(updated);
    }
    return changed;
  }

  return {
    apply,
    save,
    unsaved: () => [...dirty],
    readings(readings) {
      // a unit's context once for each run of its readings (a message brings a hundred), not for
      // each reading: it was 2 % of a reconnect storm
      let unitId: string | undefined;
      let ctx: RuleContext | undefined;
      for (const r of readings) {
        if (r.unitId !== unitId) {
          unitId = r.unitId;
          ctx = deps.contextFor(unitId);
        }
        const reading: UnitReading = { timeMs: r.timeMs, deviceId: r.deviceId, tempC: r.tempC };
        if (r.fault) reading.fault = r.fault;
        if (r.batteryV !== undefined) reading.batteryV = r.batteryV;
        judge(unitId, { kind: "reading", reading }, ctx);
      }
    },
    tick(unitIds) {
      const timeMs = deps.clock.now();
      for (const unitId of unitIds) apply(unitId, { kind: "tick", timeMs });
    },
    batchThaw: (unitId, batchId) => deps.rules.batchThaw(stateOf(unitId), batchId),
    conditions: (unitId) => deps.rules.unitConditions(stateOf(unitId)),
  };
}

function sameThaw(a: BatchThawState, b: BatchThawState): boolean {
  return (
    a.phase === b.phase &&
    a.iceFraction === b.iceFraction &&
    a.milkTempC === b.milkTempC &&
    a.thawedAtMs === b.thawedAtMs &&
    a.useByMs === b.useByMs
  );
}
