// The rules engine as a part: it judges every batch of stored readings, as the first listener on
// "readings" (the alerts and the pages read its verdict after it), and saves its state once more on stop.
import type { EventBus } from "../bus.js";
import type { Part } from "../part.js";
import type { StoreHealthReport } from "../store/store-health-report.js";
import { safely } from "../timers.js";
import type { Engine } from "./engine.js";

const OWNER = "engine";
/**
 * Units ticked or saved in one turn of the event loop: in a reconnect storm every unit's state
 * changes at once, and a tick or a save of 10,000 units in one go held the gateway for 0.5-1.5 s.
 */
const UNITS_PER_TURN = 500;

export function enginePart(engine: Engine, bus: EventBus, report: StoreHealthReport): Part {
  return {
    name: OWNER,
    start: () => bus.on("readings", OWNER, (stored) => engine.readings(stored)),
    stop: () => {
      bus.removeOwner(OWNER);
      safely(report, "rule state save", () => engine.save())();
    },
  };
}

/** The rule tick's work: every unit ticked, a few hundred a turn of the event loop. */
export function tickInTurns(engine: Engine, units: () => string[], report: StoreHealthReport): () => void {
  return inTurns(units, (some) => engine.tick(some), report, "rule tick");
}

/** The rule state timer's work: the changed units saved, a few hundred a turn of the event loop. */
export function saveInTurns(engine: Engine, report: StoreHealthReport): () => void {
  return inTurns(engine.unsaved, (some) => engine.save(some), report, "rule state save");
}

/**
 * `work` on the list, UNITS_PER_TURN items a turn; a part that fails goes to the store health report
 * as `name` and the rest is still done. A call while the last list is still under way does nothing.
 */
function inTurns(
  list: () => string[],
  work: (some: string[]) => void,
  report: StoreHealthReport,
  name: string,
): () => void {
  let left: string[] = [];
  const turn = () => {
    const some = left.splice(0, UNITS_PER_TURN);
    safely(report, name, () => work(some))();
    if (left.length > 0) setImmediate(turn);
  };
  return () => {
    if (left.length > 0) return;
    left = list();
    turn();
  };
}
