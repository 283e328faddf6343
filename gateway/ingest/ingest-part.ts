// Ingest as a part: it takes every device message the link hears; on stop it finishes what it holds
// (stored and acked, or not acked at all) and writes the devices' sequences and last-seen times.
import type { DeviceLink } from "../broker/device-link.js";
import type { Part } from "../part.js";
import type { StoreHealthReport } from "../store/store-health-report.js";
import { safely } from "../timers.js";
import type { Ingest } from "./ingest.js";

export interface IngestPartDeps {
  link: Pick<DeviceLink, "onMessage">;
  /** lets go of readings held for a locked or full file (open-store.ts) */
  stopHolding(): void;
  report: StoreHealthReport;
}

export function ingestPart(ingest: Ingest, deps: IngestPartDeps): Part {
  return {
    name: "ingest",
    start: () => deps.link.onMessage((topic, payload) => ingest.handle(topic, payload)),
    stop: async () => {
      // Readings waiting for a locked or full file are not acked; their devices send them again.
      deps.stopHolding();
      await ingest.idle();
      safely(deps.report, "device state flush", () => ingest.flushDevices())();
    },
  };
}
