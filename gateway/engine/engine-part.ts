// The rules engine as a part: it judges every batch of stored readings, as the first listener on
// "readings" (the alerts and the pages read its verdict after it), and saves its state once more on stop.
import type { EventBus } from "../bus.js";
import type { Part } from "../part.js";
import type { StoreHealthReport } from "../store/store-health-report.js";
import { safely } from "../timers.js";
import type { Engine } from "./engine.js";

const OWNER = "engine";
/**
 * Unit states saved in one turn of the event loop: a reconnect storm changes every unit's state at
 * once, and 10,000 of them saved in one transaction held the gateway for 0.5-0.9 s every 5 s.
 */
const SAVE_UNITS_PER_TURN = 500;

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

/** The rule state timer's work: the changed units saved a few hundred a turn, until none is left. */
export function saveInTurns(engine: Engine, report: StoreHealthReport): () => void {
  let more = false;
  const saveSome = safely(report, "rule state save", () => {
    more = engine.save(SAVE_UNITS_PER_TURN) > 0;
  });
  const turn = () => {
    more = false;
    saveSome();
    if (more) setImmediate(turn);
  };
  return () => {
    if (!more) turn();
  };
}
