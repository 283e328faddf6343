// Every board's build in the Espruino simulation: sizes, buffer capacity, memory, and the Puck.js
// Bluetooth path.
import { runInContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { BOARDS } from "../../firmware/boards.js";
import type { BuiltFirmware } from "../../scripts/build-firmware.js";
import { decodeReadings } from "../../shared/protocol/codec.js";
import { device, MIN, setup, sim, useFirmwareSim } from "./sim-harness.js";

useFirmwareSim(["ESP32", "ESP8266", "PUCKJS"]);

describe("per-board builds", () => {
  it("fit their size budgets, hold 7 days of 5-minute readings, and report memory", async () => {
    const report: Record<string, unknown> = {};
    for (const board of ["ESP32", "ESP8266", "PUCKJS"]) {
      await setup();
      const d = device({ board });
      d.boot();
      await sim.clock.advance(30 * MIN);
      const b = sim.built[board] as BuiltFirmware;
      expect(b.bytes).toBeLessThanOrEqual(b.budget);
      expect(b.capacity).toBeGreaterThanOrEqual(7 * 24 * 12);
      report[board] = {
        bytes: b.bytes,
        capacity: b.capacity,
        vars: d.memoryVars(),
        budgetVars: BOARDS[board]?.vars,
      };
      // what the firmware itself would see on the console
      const memory = runInContext("process.memory()", d.context() as object) as {
        usage: number;
        free: number;
      };
      expect(memory.usage).toBe(d.memoryVars());
      if (board !== "ESP8266") expect(d.memoryVars()).toBeLessThan(BOARDS[board]?.vars as number);
      d.powerOff();
      await sim.gateway.stop();
    }
    console.log("firmware per board:", JSON.stringify(report));
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
    (relay.mgAck as (n: number) => void)(9);
    const after = decodeReadings(mgBatch(20));
    expect(after.ok && after.value.r).toEqual([]);
  });
});
