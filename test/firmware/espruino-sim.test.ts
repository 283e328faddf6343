// The simulation shows the firmware Espruino's world, not Node's: no Node globals, Espruino's timer
// and rounding semantics, and a program that goes on after a callback throws.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runInContext } from "node:vm";
import { afterEach, beforeEach, expect, it } from "vitest";
import { BOARDS, type Board } from "../../firmware/boards.js";
import { SimDevice } from "../../sim/espruino-sim.js";
import { VirtualClock } from "../../sim/virtual-clock.js";

let dir: string;
let clock: VirtualClock;
let d: SimDevice;

function run(code: string): unknown {
  return runInContext(code, d.context() as object);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "mg-sim-"));
  clock = new VirtualClock();
  d = new SimDevice({
    code: "var booted = getTime();",
    clock,
    storagePath: join(dir, "flash.json"),
    trace: () => -18,
    board: BOARDS.ESP32 as Board,
  });
  d.boot();
});

afterEach(() => {
  d.powerOff();
  rmSync(dir, { recursive: true, force: true });
});

it("hides Node: no Buffer, no Node require, no Map/Set/Symbol/Proxy/Reflect/BigInt, no process.nextTick", () => {
  const missing = ["Buffer", "Map", "Set", "WeakMap", "Symbol", "Proxy", "Reflect", "BigInt", "TextEncoder"];
  for (const name of missing) expect(run(`typeof ${name}`), name).toBe("undefined");
  expect(run("typeof process.nextTick")).toBe("undefined");
  expect(() => run('require("fs")')).toThrow(/not found/);
  expect(run("typeof E.toString + typeof require('Storage').write + typeof OneWire")).toBe(
    "functionfunctionfunction",
  );
});

it("has Espruino's timers: integer ids, clearTimeout(undefined) throws, clearTimeout() clears all", async () => {
  run("var fired = []; var a = setTimeout(function(){ fired.push('a'); }, 1000);");
  run("setInterval(function(){ fired.push('i'); }, 400);");
  expect(run("typeof a === 'number' && a === Math.floor(a)")).toBe(true);
  expect(() => run("clearTimeout(undefined)")).toThrow();
  await clock.advance(1000);
  expect(run("fired.join('')")).toBe("iia");
  run("clearTimeout()");
  await clock.advance(5000);
  expect(run("fired.join('')")).toBe("iia");
});

it("prints a callback's exception and goes on, and rounds negative halves away from zero", async () => {
  run("var after = 0; setTimeout(function(){ null.x; }, 10); setTimeout(function(){ after = 1; }, 20);");
  await clock.advance(100);
  expect(run("after")).toBe(1);
  expect(d.logLines.join("\n")).toMatch(/Uncaught/);
  expect(run("Math.round(-547.5)")).toBe(-548);
  expect(run("Math.round(547.5)")).toBe(548);
});

it("keeps Storage in a file across power cuts, as binary strings", () => {
  run("require('Storage').write('x', E.toString(new Uint8Array([0, 200, 255])));");
  d.powerOff();
  d.boot();
  expect(run("E.toString(new Uint8Array(E.toArrayBuffer(require('Storage').read('x'))))")).toBe(
    "\u0000\u00c8\u00ff",
  );
  expect(run("require('Storage').read('missing')")).toBe(undefined);
});
