// The gateway's periodic work as one part. A timer's work never throws out of it (that would stop the
// gateway): what the store refuses is kept for a later round (the engine keeps unsaved units) and
// reported once (store/store-health-report.ts).
import type { Part } from "./part.js";
import type { StoreHealthReport } from "./store/store-health-report.js";

export interface Every {
  /** what the store health report calls it */
  name: string;
  everyMs: number;
  work(): void;
}

/** `work` as a timer or shutdown runs it: a failure goes to the store health report */
export function safely(report: StoreHealthReport, name: string, work: () => void): () => void {
  return () => {
    try {
      work();
    } catch (err) {
      report.caught(name, err);
    }
  };
}

export function timersPart(list: Every[], report: StoreHealthReport): Part {
  let running: NodeJS.Timeout[] = [];
  return {
    name: "timers",
    start: () => {
      running = list.map((t) => setInterval(safely(report, t.name, t.work), t.everyMs).unref());
    },
    stop: () => {
      for (const timer of running) clearInterval(timer);
      running = [];
    },
  };
}
