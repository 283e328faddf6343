// The rules engine as a part: it judges every batch of stored readings, as the first listener on
// "readings" (the alerts and the pages read its verdict after it), and saves its state once more on stop.
import type { EventBus } from "../bus.js";
import type { Part } from "../part.js";
import type { StoreHealthReport } from "../store/store-health-report.js";
import { safely } from "../timers.js";
import type { Engine } from "./engine.js";

const OWNER = "engine";

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
