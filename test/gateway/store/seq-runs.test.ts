// A device's stored sequence numbers as runs (migration 9, sqlite-seq-runs.ts): runs joined and kept
// apart as they should be, a device's whole history in one row, and a file written with a row per
// reading moved over with its repeats still kept out.
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { QUIET_BELOW_READINGS } from "../../../gateway/store/migration-progress.js";
import { migrate } from "../../../gateway/store/migrations.js";
import { openSqliteStores } from "../../../gateway/store/open-store.js";
import type { StoredReading } from "../../../gateway/store/readings-store.js";
import { withSeqs } from "../../../gateway/store/sqlite-seq-runs.js";
import { type TempDir, tempDir } from "./temp-store.js";

const MIN = 60_000;
const START = Date.UTC(2026, 0, 1);

let dir: TempDir;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => {
  dir.remove();
});

const reading = (seq: number, deviceId = "probe-1"): StoredReading => ({
  deviceId,
  unitId: "freezer-1",
  seq,
  timeMs: START + seq * MIN,
  tempC: -20,
});
const span = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

function runsIn(path: string): unknown[] {
  const db = new Database(path, { readonly: true });
  try {
    return db
      .prepare(
        `SELECT k.id, r.first_seq, r.last_seq FROM reading_seq_runs r JOIN device_keys k ON k.key = r.device
         ORDER BY k.id, r.first_seq`,
      )
      .raw(true)
      .all();
  } finally {
    db.close();
  }
}

describe("stored sequence numbers as runs", () => {
  it("join what touches or overlaps, keep the rest apart, in order, whatever order the seqs come in", () => {
    expect(withSeqs([], [3, 1, 2, 2, 7])).toEqual([
      [1, 3],
      [7, 7],
    ]);
    expect(
      withSeqs(
        [
          [1, 5],
          [9, 12],
          [20, 20],
        ],
        [8, 6, 13, 30, 0],
      ),
    ).toEqual([
      [0, 6],
      [8, 13],
      [20, 20],
      [30, 30],
    ]);
    expect(
      withSeqs(
        [
          [1, 5],
          [7, 9],
        ],
        [6],
      ),
    ).toEqual([[1, 9]]);
  });

  it("keep a device's history in one row, and a row more only for each gap left", async () => {
    const path = dir.path("runs.db");
    const stores = openSqliteStores(path);
    try {
      // ten batches of a hundred, the last first; then a second device with a gap, filled later
      for (let first = 901; first >= 1; first -= 100)
        await stores.readings.write(span(first, first + 99).map((s) => reading(s)));
      await stores.readings.write([...span(1, 10), ...span(21, 30)].map((s) => reading(s, "probe-2")));
      expect(runsIn(path)).toEqual([
        ["probe-1", 1, 1000],
        ["probe-2", 1, 10],
        ["probe-2", 21, 30],
      ]);
      await stores.readings.write(span(5, 25).map((s) => reading(s, "probe-2")));
      expect(runsIn(path)).toEqual([
        ["probe-1", 1, 1000],
        ["probe-2", 1, 30],
      ]);
      expect(
        await stores.readings.range({ unitId: "freezer-1", fromMs: START, toMs: START + 2000 * MIN }),
      ).toHaveLength(1030);
    } finally {
      stores.close();
    }
  });

  it("a file with a row per stored seq is moved over to runs, quietly when small, and its repeats are still kept out", async () => {
    const path = dir.path("before-runs.db");
    const old = new Database(path);
    migrate(old, 8);
    old.exec(`
      INSERT INTO device_keys (key, id) VALUES (1, 'probe-1'), (2, 'probe-2');
      INSERT INTO unit_keys (key, id) VALUES (1, 'freezer-1');
    `);
    const insertReading = old.prepare(
      "INSERT INTO unit_readings (unit, time_ms, device, seq, temp_steps) VALUES (1, ?, ?, ?, -320)",
    );
    const insertSeq = old.prepare("INSERT INTO reading_seqs (device, seq) VALUES (?, ?)");
    const stored: [number, number][] = [
      ...[...span(1, 5), 7, 9, 10].map((seq): [number, number] => [1, seq]),
      ...span(3, 4).map((seq): [number, number] => [2, seq]),
    ];
    for (const [device, seq] of stored) {
      insertReading.run(START + seq * MIN, device, seq);
      insertSeq.run(device, seq);
    }
    const said: string[] = [];
    migrate(old, undefined, (message) => said.push(message));
    old.close();
    // done before anyone would look at the log: an upgrade of a small site says nothing of it
    expect(said).toEqual([]);

    const stores = openSqliteStores(path);
    try {
      expect(runsIn(path)).toEqual([
        ["probe-1", 1, 5],
        ["probe-1", 7, 7],
        ["probe-1", 9, 10],
        ["probe-2", 3, 4],
      ]);
      await stores.readings.write(span(1, 10).map((s) => reading(s)));
      const all = await stores.readings.range({ unitId: "freezer-1", fromMs: START, toMs: START + 20 * MIN });
      expect(all.filter((r) => r.deviceId === "probe-1").map((r) => r.seq)).toEqual(span(1, 10));
      expect(runsIn(path)).toEqual([
        ["probe-1", 1, 10],
        ["probe-2", 3, 4],
      ]);
    } finally {
      stores.close();
    }
  });
  it("a big file's move to runs says how far it has got, a tenth of the devices at a time", () => {
    const path = dir.path("big-before-runs.db");
    const old = new Database(path);
    migrate(old, 8);
    const devices = 10;
    const perDevice = QUIET_BELOW_READINGS / devices;
    const upTo = (table: string, count: number) =>
      `WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < ${count}) INSERT INTO ${table}`;
    old.exec(`${upTo("device_keys (key, id)", devices)} SELECT x, 'probe-' || x FROM n`);
    old.exec(`${upTo("reading_seqs (device, seq)", perDevice)} SELECT d.key, n.x FROM device_keys d, n`);
    const said: string[] = [];
    migrate(old, undefined, (message) => said.push(message));
    old.close();
    expect(said).toEqual([
      "putting the stored sequence numbers of 10 devices into runs",
      ...span(1, 9).map((i) => `${i} of 10 devices done`),
      "stored sequence numbers in runs",
    ]);
    const ids = span(1, devices).map((d) => `probe-${d}`);
    expect(runsIn(path)).toEqual(ids.sort().map((id) => [id, 1, perDevice]));
  });
});
