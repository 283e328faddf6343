// A unit's state as the gateway saved it, read back after a restart or an upgrade. A state saved
// before the rule registry kept each rule's slice as a field of its own; it is moved under `rules`,
// so an upgrade keeps every unit's bags, open conditions and reorder window. Anything else that is
// not a state of these rules (damaged, or from a version this one does not know) starts the unit
// over rather than fail on it.
import { KeptInputs } from "./kept-inputs.js";
import type { UnitRuleState } from "./state.js";
import type { UnitState } from "./timeline.js";

/**
 * The saved state, or undefined when it is not one. It is brought to this layout in place: the
 * caller parsed it for this call, and a state that comes back as another object is a fresh start.
 */
export function readSavedState(saved: unknown): UnitState | undefined {
  const s = saved as Partial<UnitState> | null | undefined;
  if (typeof s !== "object" || s === null) return undefined;
  const states = [s.now, s.base, s.mid?.state];
  for (const state of states) if (state !== undefined) fromFieldLayout(state);
  const valid =
    isRuleState(s.now) &&
    isRuleState(s.base) &&
    (s.mid === undefined || isRuleState(s.mid?.state)) &&
    typeof s.count === "number" &&
    typeof s.announced === "object";
  const inputs = valid ? KeptInputs.fromSaved(s.inputs) : undefined;
  if (!inputs) return undefined;
  (s as UnitState).inputs = inputs;
  return s as UnitState;
}

function isRuleState(state: UnitRuleState | undefined): boolean {
  return (
    typeof state === "object" &&
    state !== null &&
    typeof state.batches === "object" &&
    typeof state.rules === "object" &&
    state.rules !== null
  );
}

/** a slice per rule, each a field of its own, as saved before the registry: moved under `rules` */
function fromFieldLayout(state: UnitRuleState): void {
  const old = state as unknown as Record<string, unknown>;
  if (typeof old !== "object" || old === null || old.rules !== undefined || typeof old.excursion !== "object")
    return;
  old.rules = {
    probe: old.probe,
    battery: old.battery,
    probes: { probes: old.probes, probeId: old.probeId },
    excursion: old.excursion,
    silence: old.silence,
  };
  for (const field of ["probe", "battery", "probes", "probeId", "excursion", "silence"]) delete old[field];
}
