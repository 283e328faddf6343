// A unit's rule state: plain JSON (the gateway saves it and resumes after a restart), never mutated
// in place: every step returns a new object and shares what did not change.
import type { BatchSpec, BatchThawState } from "../types.js";

export interface UnitRuleState {
  /** event time of the newest reading or batch move taken in */
  lastTimeMs?: number;
  /** event time of the newest reading (sensor silence counts from here) */
  lastReadingMs?: number;
  /** the air the rules judge: the last valid reading, or the warmest of several probes (probes.ts) */
  airC?: number;
  /** several probes in one unit: each one's latest valid reading (absent while there is one probe) */
  probes?: Record<string, ProbeAir>;
  /** the probe the unit's readings came from while there is only one */
  probeId?: string;
  /** frozen spell not yet applied to the bags (see FROZEN_STEP_MS) */
  frozenSpell?: FrozenSpell;
  excursion: { high: Excursion; low: Excursion };
  silence: { watchFromMs?: number; raisedKey?: string };
  probe: { faultsInRow: number; firstFaultMs?: number; raisedKey?: string };
  battery: { raisedKey?: string };
  batches: Record<string, BatchEntry>;
  /** every bag solid and frozen: the air may be stepped in frozen spells */
  bagsSolid: boolean;
  /** earliest use-by or age limit among the bags, so a reading need not look at every bag */
  nextDeadlineMs?: number;
}

export interface ProbeAir {
  timeMs: number;
  airC: number;
}

export interface FrozenSpell {
  fromMs: number;
  /** integral of the air temperature over the spell, C·ms */
  airIntegral: number;
}

export interface Excursion {
  /** first reading beyond the limit in the current run (the alarm delay counts from here) */
  beyondSinceMs?: number;
  criticalSinceMs?: number;
  /** the warmest (or, below a low limit, coldest) air of the run */
  peakC?: number;
  raised?: { key: string; severity: "warning" | "critical" };
}

export interface BatchEntry {
  spec: BatchSpec;
  thaw: BatchThawState;
  /** least ice seen since the bag began to thaw (refreezing is measured from it) */
  minIce: number;
  /** when the current partial thaw began (its alert key) */
  partialSinceMs?: number;
  /** when the thawed bag first sat in a room-temperature unit (the shorter use-by applies) */
  roomSinceMs?: number;
  deadlineMs?: number;
}

export function initialUnitState(): UnitRuleState {
  return {
    excursion: { high: {}, low: {} },
    silence: {},
    probe: { faultsInRow: 0 },
    battery: {},
    batches: {},
    bagsSolid: true,
  };
}

/**
 * A copy of the state, field by field in one order: readings copy the state a million times a year,
 * and a spread of an object whose optional fields come and go is several times slower.
 */
export function copyState(s: UnitRuleState): UnitRuleState {
  return {
    lastTimeMs: s.lastTimeMs,
    lastReadingMs: s.lastReadingMs,
    airC: s.airC,
    probes: s.probes,
    probeId: s.probeId,
    frozenSpell: s.frozenSpell,
    excursion: s.excursion,
    silence: s.silence,
    probe: s.probe,
    battery: s.battery,
    batches: s.batches,
    bagsSolid: s.bagsSolid,
    nextDeadlineMs: s.nextDeadlineMs,
  };
}
