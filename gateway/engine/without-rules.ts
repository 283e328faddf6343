// STAND-IN until shared/rules (issue 2) lands; delete this file then and import the real rules in
// domain.ts. It raises no alert: readings are stored and shown, and bags keep the thaw state they
// arrived with (a new bag starts at the unit's last air temperature, or its profile's limit).

import type { BatchThawState } from "../../shared/rules/types.js";
import { initialThaw } from "../../shared/thaw/model.js";
import type { RulesApi } from "./engine.js";

interface State {
  airC?: number;
  batches: Record<string, BatchThawState>;
}

export const RULES_PENDING: RulesApi<State> = {
  restoreUnitState: (saved) => (saved as State | undefined) ?? { batches: {} },
  evaluate(state, input, ctx) {
    switch (input.kind) {
      case "reading":
        return {
          state: input.reading.tempC === null ? state : { ...state, airC: input.reading.tempC },
          events: [],
        };
      case "batch-in": {
        const thaw = input.thaw ?? initialThaw(state.airC ?? ctx.profile.warningHighC.value, input.timeMs);
        return { state: { ...state, batches: { ...state.batches, [input.batch.id]: thaw } }, events: [] };
      }
      case "batch-out": {
        const { [input.batchId]: _, ...batches } = state.batches;
        return { state: { ...state, batches }, events: [] };
      }
      case "tick":
        return { state, events: [] };
    }
  },
  batchThaw: (state, batchId) => state.batches[batchId],
};
