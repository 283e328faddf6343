// The built firmware in the Espruino simulation when things go wrong: probe faults, a wrong password,
// a wrong HMAC key, and a warming freezer with no network.
import { readFileSync } from "node:fs";
import { runInContext } from "node:vm";
import { describe, expect, it } from "vitest";
import type { FirmwareConfig } from "../../firmware/src/config.js";
import { deviceConfig, EXAMPLE_CONFIG } from "../../scripts/build-firmware.js";
import { RECONNECT_FLOOR_MS } from "../../shared/protocol/reconnect-delay.js";
import type { Trace } from "../../sim/espruino-globals.js";
import type { SimDevice } from "../../sim/espruino-sim.js";
import {
  buffered,
  device,
  expectContiguous,
  HOUR,
  MIN,
  minuteTrace,
  samplesSince,
  setup,
  sim,
  useFirmwareSim,
  virtualS,
} from "./sim-harness.js";

useFirmwareSim(["ESP32", "ESP8266"]);

/** Fixes the board's Math.random() to one value (the interpreter's own Math, not this process's). */
function drawAlways(d: SimDevice, value: number): void {
  runInContext(`Math.random = function () { return ${value}; };`, d.context() as object);
}

describe("firmware faults and alarms", () => {
  it("reports an unplugged probe as a probe fault, and the 85 C after re-plugging too", async () => {
    await setup();
    const trace: Trace = (s) => (s > 290 && s < 590 ? "unplugged" : minuteTrace(s));
    device({ trace }).boot();
    await sim.clock.advance(15 * MIN);
    const stored = sim.gateway.readings("freezer-1");
    // a missing probe answers at once, a present one after its 750 ms conversion: round to the minute
    const at = (minute: number) => stored.find((r) => Math.round(virtualS(r.unixS) / 60) === minute);
    for (const minute of [5, 6, 7, 8, 9]) expect(at(minute)).toMatchObject({ c: null, f: "no_probe" });
    expect(at(10)).toMatchObject({ c: null, f: "power_on_85" });
    expect(at(11)?.c).toBe(minuteTrace(660));
    expect(stored.filter((r) => r.f).length).toBe(6);
  });

  it("reports a noisy bus as a CRC fault, never as a temperature", async () => {
    await setup();
    const trace: Trace = (s) => (s > 290 && s < 350 ? "noise" : minuteTrace(s));
    device({ trace }).boot();
    await sim.clock.advance(8 * MIN);
    const stored = sim.gateway.readings("freezer-1");
    expect(stored.filter((r) => r.f)).toMatchObject([{ c: null, f: "crc" }]);
    expect(stored.filter((r) => r.c !== null).length).toBe(stored.length - 1);
  });

  it("reports a data line shorted to ground (a zeroed scratchpad) as a probe fault, not 0.0 C", async () => {
    await setup();
    const trace: Trace = (s) => (s > 290 && s < 350 ? "shorted" : minuteTrace(s));
    device({ trace }).boot();
    await sim.clock.advance(8 * MIN);
    const stored = sim.gateway.readings("freezer-1");
    expect(stored.filter((r) => r.f)).toMatchObject([{ c: null, f: "disconnected" }]);
    expect(stored.filter((r) => r.c === 0)).toEqual([]);
  });

  it("backs off on a wrong password, keeps buffering, and delivers once let in", async () => {
    await setup({ passwords: { "freezer-1": "right" } });
    const d = device({ password: "wrong" });
    d.boot();
    await sim.clock.advance(60 * MIN);
    const attempts = sim.gateway.attemptsS;
    expect(sim.gateway.refused).toBe(attempts.length);
    expect(attempts.length).toBeGreaterThan(4);
    // without backoff: one every 2 s; with it, a random wait up to 120 s once the window has grown
    expect(attempts.length).toBeLessThan(300);
    const gaps = attempts.slice(1).map((t, i) => t - (attempts[i] as number));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(RECONNECT_FLOOR_MS / 1000);
    expect(Math.max(...gaps)).toBeLessThan(121);
    expect(new Set(gaps.slice(-5).map(Math.round)).size).toBeGreaterThan(1);
    expect(sim.gateway.readings("freezer-1")).toEqual([]);
    expect(buffered(d).length).toBe(samplesSince(0));
    sim.gateway.setPassword("freezer-1", "wrong");
    await sim.clock.advance(5 * MIN);
    expect(sim.gateway.readings("freezer-1").length).toBe(samplesSince(0));
  });

  it("waits a full-jitter share of the doubling window between refused attempts, never less than the floor", async () => {
    await setup({ passwords: { "freezer-1": "right" } });
    const d = device({ password: "wrong" });
    d.boot();
    // the board's random draws, fixed: a quarter of each window (equal jitter would wait 0.625 of it)
    drawAlways(d, 0.25);
    await sim.clock.advance(5 * MIN);
    const attempts = sim.gateway.attemptsS;
    const gaps = attempts.slice(1, 9).map((t, i) => t - (attempts[i] as number));
    // backoff 2..120 s (sim-harness.ts): windows 2, 4, 8, ... 120 s; a quarter of 2 s is the floor
    expect(gaps.map((g) => Math.round(g * 10) / 10)).toEqual([0.5, 1, 2, 4, 8, 16, 30, 30]);
    // drawn 0: the floor each time, however long the failures went on
    drawAlways(d, 0);
    const before = attempts.length;
    await sim.clock.advance(MIN);
    expect(attempts.length - before).toBeGreaterThan(60_000 / RECONNECT_FLOOR_MS - 10);
    expect(attempts.length - before).toBeLessThanOrEqual(60_000 / RECONNECT_FLOOR_MS + 1);
  });

  it("signs every message so the gateway verifies it with node:crypto, and refuses a wrong key", async () => {
    await setup({ hmacKeys: { "freezer-1": "key-of-freezer-1" } });
    device({ overrides: { hmacKey: "key-of-freezer-1" } }).boot();
    await sim.clock.advance(5 * MIN + 5000);
    expect(sim.gateway.readings("freezer-1").length).toBe(5);
    expect(sim.gateway.rejected).toEqual([]);
    sim.devices[0]?.powerOff();
    await sim.gateway.stop();
    await setup({ hmacKeys: { "freezer-1": "key-of-freezer-1" } });
    device({ overrides: { hmacKey: "another-key" } }).boot();
    await sim.clock.advance(3 * MIN + 5000);
    expect(sim.gateway.readings("freezer-1")).toEqual([]);
    expect(sim.gateway.rejected.length).toBeGreaterThan(0);
    expect(new Set(sim.gateway.rejected)).toEqual(new Set(["mac_mismatch"]));
  });

  it("sounds the local alarm above the configured limit with the gateway gone", async () => {
    await setup({ alarmHighC: -15 });
    const trace: Trace = (s) => (s < 600 ? -19 : -12);
    const d = device({ trace });
    d.boot();
    await sim.clock.advance(3 * MIN);
    await sim.gateway.stop();
    expect(d.world.pins.LED1 ?? 0).toBe(0);
    await sim.clock.advance(10 * MIN);
    expect(d.world.pins.LED1).toBe(1);
    // a power cut, still no network: the limit the gateway sent is kept in flash
    d.powerOff();
    d.world.pins.LED1 = 0;
    d.boot();
    await sim.clock.advance(2 * MIN + 5000);
    expect(d.world.pins.LED1).toBe(1);
  });

  it("on an ESP8266 (no LED1) sounds the alarm on the board's GPIO, and every warm reading is sent", async () => {
    await setup({ alarmHighC: -15 });
    const trace: Trace = (s) => (s < 600 ? -19 : -12);
    const d = device({ board: "ESP8266", trace });
    d.boot();
    await sim.clock.advance(15 * MIN + 5000);
    expect(d.world.pins.D5).toBe(1);
    expect(d.logLines.filter((l) => l.includes("Uncaught") || l.includes("failed"))).toEqual([]);
    const warm = sim.gateway.readings("freezer-1").filter((r) => r.c === -12);
    expect(warm.length).toBe(samplesSince(0) - 9);
  });

  it("refuses to build a pin the board does not have, and says at boot when there is no alarm pin", async () => {
    expect(() => deviceConfig({ ...exampleConfig(), alarm: { pin: "LED1" } }, "ESP8266")).toThrow(
      /alarm.pin "LED1" is not a pin on ESP8266/,
    );
    await setup();
    const d = device({ board: "ESP8266", overrides: { alarm: { pin: "" } } });
    d.boot();
    await sim.clock.advance(2 * MIN + 5000);
    expect(d.logLines).toContain("MilkGuard: no alarm pin: local alarm off");
    expect(sim.gateway.readings("freezer-1").length).toBe(samplesSince(0));
  });

  it("keeps the newest readings when flash fills up, and counts the oldest it had to drop", async () => {
    await setup();
    // room for the program (.bootcde) and 1,500 bytes of readings
    const storageBytes = (sim.built.ESP32?.bytes ?? 0) + 1500;
    const d = device({ storageBytes, overrides: { ramReadings: 16 } });
    d.boot();
    await sim.clock.advance(2 * MIN + 5000);
    await sim.gateway.stop();
    await sim.clock.advance(3 * HOUR);
    const state = d.state<{ buffer: { meta: { drop: number } } }>();
    expect(state.buffer.meta.drop).toBeGreaterThan(0);
    expect(d.world.storage.used()).toBeLessThanOrEqual(storageBytes);
    const kept = buffered(d);
    expect(kept.at(-1)).toBe(samplesSince(0) - 1);
    expectContiguous(kept);
  });
});

function exampleConfig(): FirmwareConfig {
  return JSON.parse(readFileSync(EXAMPLE_CONFIG, "utf8")) as FirmwareConfig;
}
