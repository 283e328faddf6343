// Every board's build in the Espruino simulation, with the board's own variables, Storage and pins:
// sizes, a week's backlog drained within the memory budget, a full Puck.js flash, and the Puck.js
// Bluetooth path.
import { runInContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { BOARDS, type Board } from "../../firmware/boards.js";
import type { BuiltFirmware } from "../../scripts/build-firmware.js";
import { decodeReadings } from "../../shared/protocol/codec.js";
import { buffered, device, expectContiguous, HOUR, MIN, setup, sim, useFirmwareSim } from "./sim-harness.js";

useFirmwareSim(["ESP32", "ESP8266", "PUCKJS"]);

const DAY = 24 * HOUR;
/** A week of 5-minute readings: what each board's buffer is sized to hold. */
const WEEK_OF_READINGS = 7 * 24 * 12;
/** The peak a board may reach while draining that week (issue 12's goal), of its variables. */
const PEAK_GOAL = 0.85;

describe("per-board builds", () => {
  it("fit their size budgets and hold 7 days of 5-minute readings", () => {
    for (const board of ["ESP32", "ESP8266", "PUCKJS"]) {
      const b = sim.built[board] as BuiltFirmware;
      expect(b.bytes).toBeLessThanOrEqual(b.budget);
      expect(b.capacity).toBeGreaterThanOrEqual(WEEK_OF_READINGS);
    }
  });

  /** A per-device key like the gateway's provisioning gives (16 random bytes, hex). */
  const HMAC_KEY = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
  const drains = [
    { board: "ESP32", hmacKey: undefined },
    { board: "ESP8266", hmacKey: undefined },
    // the signed path holds the message and a copy for its hash: the ESP8266's highest peak
    { board: "ESP8266", hmacKey: HMAC_KEY },
  ];
  for (const { board, hmacKey } of drains) {
    const signed = hmacKey ? " (signed)" : "";
    it(`${board}${signed} drains a 7-day backlog, every reading once, within ${PEAK_GOAL * 100} % of its variables`, async () => {
      const vars = (BOARDS[board] as Board).vars;
      await setup({ intervalS: 300, ...(hmacKey ? { hmacKeys: { "freezer-1": hmacKey } } : {}) });
      // a long backoff: a week of reconnect attempts to a closed port would only slow the test
      const d = device({
        board,
        overrides: { backoff: { minS: 2, maxS: 3600 }, ...(hmacKey ? { hmacKey } : {}) },
      });
      d.boot();
      await sim.clock.advance(6 * MIN);
      await sim.gateway.stop();
      await sim.clock.advance(7 * DAY);
      expect(buffered(d).length).toBeGreaterThanOrEqual(WEEK_OF_READINGS);
      await sim.gateway.start();
      // the next attempt comes within the backoff (at most an hour), then batch after batch
      for (let i = 0; i < 120 && buffered(d).length > 0; i++) await sim.clock.advance(MIN);
      expect(buffered(d)).toEqual([]);
      expect(sim.gateway.rejected).toEqual([]);
      const seqs = sim.gateway.readings("freezer-1").map((r) => r.s);
      expectContiguous(seqs);
      expect(seqs.length).toBeGreaterThan(WEEK_OF_READINGS);
      const memory = runInContext("process.memory()", d.context() as object) as {
        usage: number;
        total: number;
      };
      expect(memory).toMatchObject({ usage: d.memoryVars(), total: vars });
      console.log(
        `${board}${signed}: peak ${d.peakVars} of ${vars} variables (${Math.round((100 * d.peakVars) / vars)} %)`,
      );
      expect(d.peakVars).toBeLessThanOrEqual(PEAK_GOAL * vars);
    });
  }

  it("a full Puck.js drops its oldest readings, counts them for the gateway, and keeps every other", async () => {
    await setup();
    const d = device({ board: "PUCKJS", overrides: { intervalS: 300 } });
    d.boot();
    // more than its buffer holds: 2,112 readings, or what 40 KB of flash leaves beside the program
    await sim.clock.advance(9 * DAY);
    const storage = d.world.storage;
    expect(storage.used()).toBeLessThanOrEqual((BOARDS.PUCKJS as Board).storageBytes);
    const relay = d.context() as Record<string, unknown>;
    const first = decodeReadings((relay.mgBatch as (n: number) => string)(20));
    if (!first.ok) throw new Error(JSON.stringify(first.error));
    const sampled = d.state<{ buffer: { meta: { seq: number } } }>().buffer.meta.seq;
    const held = buffered(d);
    expectContiguous(held);
    expect(held.at(-1)).toBe(sampled - 1);
    // dropped are exactly the oldest ones, and the gateway is told how many
    expect(first.value.drop).toBe(held[0]);
    expect(first.value.r[0]?.s).toBe(held[0]);
    expect(d.peakVars).toBeLessThanOrEqual(PEAK_GOAL * (BOARDS.PUCKJS as Board).vars);
  });

  it("Puck.js advertises readings over BLE and hands batches to a relay", async () => {
    await setup();
    const d = device({ board: "PUCKJS" });
    d.boot();
    await sim.clock.advance(10 * MIN + 5000);
    expect(d.world.adverts.length).toBe(10);
    expect(d.world.adverts.at(-1)?.[0]).toBe(0x4d);
    const relay = d.context() as Record<string, unknown>;
    const mgBatch = relay.mgBatch as (n: number) => string;
    const decoded = decodeReadings(mgBatch(20));
    expect(decoded.ok && decoded.value.r.map((r) => r.s)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(decoded.ok && decoded.value.drop).toBeUndefined();
    (relay.mgAck as (n: number) => void)(9);
    const after = decodeReadings(mgBatch(20));
    expect(after.ok && after.value.r).toEqual([]);
  });
});
