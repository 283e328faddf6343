// A reconnect storm hands ingest thousands of backlogs at once. Taken all in one turn of the event
// loop, they kept every new device's CONNACK (and /healthz) waiting seconds; ingest now takes about
// one store commit's worth a turn and lets the rest of the gateway run between turns.
import { afterAll, beforeAll, expect, it } from "vitest";
import { addDevice, type Rig, readingsPayload, removeDir, startRig } from "./ingest-rig.js";

/** the rig's clock is at 12:00: the backlog is the two hours before */
const T0_S = Date.UTC(2026, 10, 24, 10) / 1000;
const DEVICES = 200;
const READINGS = 100;

let r: Rig;
beforeAll(async () => {
  r = await startRig();
  for (let d = 0; d < DEVICES; d++) addDevice(r, `probe-${d}`);
});
afterAll(async () => {
  await r.close();
  removeDir(r.dir);
});

const stored = () => r.metrics.total("milkguard_readings_in_total");

it("takes a storm's backlogs a commit's worth at a time, letting other work run between, and stores them all", async () => {
  const seqs = Array.from({ length: READINGS }, (_, i) => i);
  for (let d = 0; d < DEVICES; d++)
    r.ingest.handle(`milkguard/probe-${d}/readings`, Buffer.from(readingsPayload(seqs, T0_S)));
  // what had been stored each time other work (here: an immediate of its own) had a turn
  const seen: number[] = [];
  await new Promise<void>((resolve) => {
    const look = () => {
      seen.push(stored());
      if (seen.at(-1) === DEVICES * READINGS) resolve();
      else setImmediate(look);
    };
    setImmediate(look);
  });
  const partway = seen.filter((n) => n > 0 && n < DEVICES * READINGS);
  expect(partway.length, `stored at each turn: ${seen.join(", ")}`).toBeGreaterThanOrEqual(3);
  await r.ingest.idle();
  expect(stored()).toBe(DEVICES * READINGS);
});
