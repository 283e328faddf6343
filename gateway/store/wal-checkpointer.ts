// The write-ahead log's checkpoints on a thread of their own. SQLite copies its log back into the
// file, and fsyncs the file, inside whichever commit takes the log past 1,000 pages: on the event
// loop, that commit then takes tens of milliseconds (44 ms in a CPU profile under 5,000 readings a
// second), and every ack and alert waits behind it. So the gateway's own connection leaves the bulk
// of it to a worker thread's connection to the same file, every second, PASSIVE (it never waits for
// the writer nor makes the writer wait), and only finishes each one. Should that thread stop, the
// gateway's connection checkpoints again as SQLite does by default, and says so.
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type Database from "better-sqlite3";
import { createLogger } from "../log.js";

const EVERY_MS = 1000;
/** SQLite's own default */
const AUTOCHECKPOINT_PAGES = 1000;
const LOG_SIZE_LIMIT_BYTES = 32 * 2 ** 20;
/** passes of the thread's checkpoint a second at most, and the new pages after which it stops */
const MAX_PASSES = 5;
const FEW_PAGES = 64;

/** What a checkpoint did: frames in the log, and how many of them are in the file now. */
export interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

// Plain JavaScript (the worker is not bundled): the module is imported in whichever form Node gives
// eval code, so from an ES module or CommonJS alike. A pass that caught up is followed by another for
// what was committed during it, until one finds few new pages: what is left, the gateway's own
// connection (below) copies and fsyncs on the event loop. In a 10,000 x 1,000 storm, after one pass,
// that took 38 ms on average and up to 845 ms (1,336 pages, written to the file at random and then
// fsynced).
const CHECKPOINTER = `(async () => {
  const { parentPort, workerData } = await import("node:worker_threads");
  const Database = (await import(workerData.sqlite)).default;
  const db = new Database(workerData.path);
  const pass = () => db.pragma("wal_checkpoint(PASSIVE)")[0];
  setInterval(() => {
    let result = pass();
    for (let passes = 1; passes < ${MAX_PASSES}; passes++) {
      if (result.busy !== 0 || result.checkpointed < result.log) break;
      const caughtUpTo = result.log;
      result = pass();
      if (result.log - caughtUpTo <= ${FEW_PAGES}) break;
    }
    parentPort.postMessage(result);
  }, workerData.everyMs);
})();`;

export interface WalCheckpointer {
  /** the last checkpoint's result, once there is one */
  readonly last: CheckpointResult | undefined;
  /** ends the thread (a checkpoint cut short is safe: SQLite's own crash recovery covers it) */
  stop(): void;
}

/** Takes the checkpoints of `db` (a WAL-mode file at `path`) off the event loop. */
export function checkpointOffTheLoop(
  db: Database.Database,
  path: string,
  log = createLogger("info", "store"),
): WalCheckpointer {
  const sqlite = pathToFileURL(createRequire(import.meta.url).resolve("better-sqlite3")).href;
  const worker = new Worker(CHECKPOINTER, { eval: true, workerData: { sqlite, path, everyMs: EVERY_MS } });
  worker.unref();
  let last: CheckpointResult | undefined;
  let stopping = false;
  worker.on("message", (result: CheckpointResult) => {
    last = result;
    // Under steady writes the thread's checkpoint never catches up with the log (commits go on
    // meanwhile), and SQLite starts the log over only once one has: written to as fast as it
    // goes, the log grew by 75 MB a second. Here, between commits, the pages written since are
    // copied too (7-25 ms once a second at that rate, 190,000 readings a second), and the next
    // commit starts the log over: it stayed at 100 MB.
    if (result.busy !== 0 || result.log === 0 || result.checkpointed < result.log || !db.open) return;
    try {
      db.pragma("wal_checkpoint(PASSIVE)");
    } catch (err) {
      log.error("the log's checkpoint was not finished; the next one tries again", err);
    }
  });
  worker.on("error", (err) => log.error("the log's checkpoints stopped on their thread", err));
  worker.on("exit", () => {
    if (stopping || !db.open) return;
    log.warn("the gateway checkpoints the database's log itself again (its thread for them ended)");
    db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
  });
  db.pragma("wal_autocheckpoint = 0");
  // a log that grew under a burst of writes is cut back when it starts over
  db.pragma(`journal_size_limit = ${LOG_SIZE_LIMIT_BYTES}`);
  return {
    get last() {
      return last;
    },
    stop: () => {
      stopping = true;
      void worker.terminate();
    },
  };
}
