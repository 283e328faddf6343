// Runs the BUILT firmware upload file in a node:vm context that holds only Espruino's globals
// (no Buffer, process, Node require), against real TCP, with flash in a file and virtual time.
import { createContext, runInContext } from "node:vm";
import { type DeviceWorld, espruinoGlobals, type Trace } from "./espruino-globals.js";
import { FlashStorage } from "./flash-storage.js";
import { estimateVars } from "./memory.js";
import type { VirtualClock } from "./virtual-clock.js";

/** Globals V8 gives every context that Espruino does not have. */
const NOT_IN_ESPRUINO = [
  "Map",
  "Set",
  "WeakMap",
  "WeakSet",
  "WeakRef",
  "Symbol",
  "Proxy",
  "Reflect",
  "BigInt",
];

export interface SimDeviceOptions {
  code: string;
  clock: VirtualClock;
  storagePath: string;
  storageBytes?: number;
  trace: Trace;
  /** the board's variables, for process.memory() (ESP32: 16383) */
  totalVars?: number;
  log?: (line: string) => void;
}

export class SimDevice {
  readonly world: DeviceWorld;
  logLines: string[] = [];
  private owner: object = {};
  private _context: Record<string, unknown> | undefined;

  constructor(private readonly o: SimDeviceOptions) {
    this.world = {
      clock: o.clock,
      storage: new FlashStorage(o.storagePath, o.storageBytes),
      trace: o.trace,
      pins: {},
      adverts: [],
      sockets: new Set(),
      refused: new Set(),
      memory: () => ({ usage: this.memoryVars(), total: o.totalVars ?? 16383 }),
      log: (line) => {
        this.logLines.push(line);
        o.log?.(line);
      },
    };
  }

  /** Power on: a fresh interpreter runs the upload file, as Espruino runs saved code at boot. */
  boot(): void {
    this.owner = {};
    const context = createContext(espruinoGlobals(this.world, this.owner));
    runInContext(
      `${NOT_IN_ESPRUINO.map((g) => `delete globalThis.${g};`).join("")}globalThis.global = globalThis;`,
      context,
    );
    patchMathRound(context);
    this._context = context;
    runInContext(this.o.code, context, { filename: "firmware.js" });
  }

  /** Power cut: RAM, timers and sockets gone; flash (the storage file) stays. */
  powerOff(): void {
    this.o.clock.removeOwner(this.owner);
    for (const s of this.world.sockets) s.destroy();
    this.world.sockets.clear();
    this._context = undefined;
  }

  /** The device state the firmware exposes as `global.mg` (buffer, client, uplink, ...). */
  state<T = Record<string, unknown>>(): T {
    return this._context?.mg as T;
  }

  /** The running interpreter's global scope (what a console on the board would see). */
  context(): Record<string, unknown> | undefined {
    return this._context;
  }

  /** Espruino `process.memory().usage` estimate, in variables: code plus the state reachable from `mg`. */
  memoryVars(): number {
    return estimateVars(this.o.code, this._context?.mg);
  }
}

/** Espruino rounds negative halves away from zero (-54.75 -> -54.8 with toFixed-free maths). */
function patchMathRound(context: object): void {
  runInContext(
    "(function(r){Math.round=function(x){return x<0&&x-Math.floor(x)===0.5?Math.floor(x):r(x);};})(Math.round);",
    context,
  );
}
