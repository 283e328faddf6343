// Which sequence numbers of each device are stored, kept as runs of consecutive ones (table
// reading_seq_runs, migration 9). A device numbers its readings 1, 2, 3…, so a device's whole history
// is one row, or a few where readings never came, where reading_seqs took a row and a B-tree insert
// per reading: 10.3 bytes a reading, and ~1.4 µs of the ~5 µs a reading took to store in a reconnect
// storm (docs/scaling.md, ninth round). Runs are kept for ever, also once the retention deleted their
// readings, so a reading resent long after is still a repeat.
import type Database from "better-sqlite3";
import { progressFor, QUIET_BELOW_READINGS } from "./migration-progress.js";

/** stored sequence numbers from `first` to `last`, both included */
export type SeqRun = [first: number, last: number];

export class SqliteSeqRuns {
  private readonly around: Database.Statement;
  private readonly remove: Database.Statement;
  private readonly upsert: Database.Statement;

  constructor(db: Database.Database) {
    // the run holding `from` (or the last one before it), then those starting up to `to`: both ends
    // of the key range are found by the key, however many runs the device has
    this.around = db
      .prepare(
        `SELECT first_seq, last_seq FROM reading_seq_runs
         WHERE device = ? AND first_seq <= ? AND last_seq >= ? AND first_seq >= coalesce(
           (SELECT max(first_seq) FROM reading_seq_runs WHERE device = ? AND first_seq <= ?), ?)
         ORDER BY first_seq`,
      )
      .raw(true);
    this.remove = db.prepare("DELETE FROM reading_seq_runs WHERE device = ? AND first_seq = ?");
    this.upsert = db.prepare(
      `INSERT INTO reading_seq_runs (device, first_seq, last_seq) VALUES (?, ?, ?)
       ON CONFLICT (device, first_seq) DO UPDATE SET last_seq = excluded.last_seq`,
    );
  }

  /** the device's runs that hold or touch any sequence number from `from` to `to`, in order */
  touching(device: number, from: number, to: number): SeqRun[] {
    const before = from - 1;
    return this.around.all(device, to + 1, before, device, before, before) as SeqRun[];
  }

  /** Writes `after` where `before` (what touching() gave) was; inside a transaction. */
  replace(device: number, before: SeqRun[], after: SeqRun[]): void {
    for (const [first] of before) if (!after.some((run) => run[0] === first)) this.remove.run(device, first);
    for (const [first, last] of after)
      if (!before.some((run) => run[0] === first && run[1] === last)) this.upsert.run(device, first, last);
  }
}

/** whether `seq` is in one of `runs` */
export function inRuns(runs: readonly SeqRun[], seq: number): boolean {
  for (const [first, last] of runs) if (seq >= first && seq <= last) return true;
  return false;
}

/** `runs` (in order, apart) with `seqs` (in any order) added, as runs in order, apart */
export function withSeqs(runs: readonly SeqRun[], seqs: readonly number[]): SeqRun[] {
  // the seqs as runs first (a commit's are usually one run, in order), then joined with the stored
  // ones: a pair per seq, sorted, was a fortieth of the bytes a reconnect storm allocated
  const ordered = isAscending(seqs) ? seqs : [...seqs].sort((a, b) => a - b);
  const added: SeqRun[] = [];
  for (const seq of ordered) joinLast(added, seq, seq);
  const joined: SeqRun[] = [];
  for (const [first, last] of [...runs, ...added].sort((a, b) => a[0] - b[0])) joinLast(joined, first, last);
  return joined;
}

/** `first`..`last` (starting at or after every run in `runs`) joined with the last run, or added apart */
function joinLast(runs: SeqRun[], first: number, last: number): void {
  const before = runs.at(-1);
  if (before && first <= before[1] + 1) before[1] = Math.max(before[1], last);
  else runs.push([first, last]);
}

function isAscending(numbers: readonly number[]): boolean {
  for (let i = 1; i < numbers.length; i++)
    if ((numbers[i] as number) < (numbers[i - 1] as number)) return false;
  return true;
}

/**
 * Migration 9: each device's rows of reading_seqs (migration 7, a row per reading) as runs, a device at
 * a time, saying how far it has got on a big file: it holds a row per reading the site ever stored.
 */
export function runsFromSeqRows(db: Database.Database, progress: (message: string) => void): void {
  const devices = db.prepare("SELECT key FROM device_keys ORDER BY key").pluck().all() as number[];
  const runsOf = db.prepare(
    `INSERT INTO reading_seq_runs (device, first_seq, last_seq)
     SELECT ?, min(seq), max(seq)
     FROM (SELECT seq, seq - row_number() OVER (ORDER BY seq) AS run FROM reading_seqs WHERE device = ?)
     GROUP BY run`,
  );
  // counted up to the point where it would speak: a big site's table holds tens of millions of rows
  const rows = db
    .prepare(`SELECT count(*) FROM (SELECT 1 FROM reading_seqs LIMIT ${QUIET_BELOW_READINGS})`)
    .pluck()
    .get() as number;
  const say = progressFor(rows, progress);
  say(`putting the stored sequence numbers of ${devices.length} devices into runs`);
  const tenth = Math.max(1, Math.ceil(devices.length / 10));
  for (const [i, device] of devices.entries()) {
    runsOf.run(device, device);
    if ((i + 1) % tenth === 0 && i + 1 < devices.length) say(`${i + 1} of ${devices.length} devices done`);
  }
  db.exec("DROP TABLE reading_seqs");
  say("stored sequence numbers in runs");
}
