// Runs the BUILT firmware upload file in a node:vm context that holds only Espruino's globals
// (no Buffer, process, Node require), against real TCP, with flash in a file and virtual time.
import { createContext, runInContext } from "node:vm";
import type { Board } from "../firmware/boards.js";
import { type DeviceWorld, espruinoGlobals, type Trace } from "./espruino-globals.js";
import { FlashStorage } from "./flash-storage.js";
import { codeVars, RUNTIME_VARS, SEND_STACK_VARS, SOCKET_VARS, stateVars, stringVars } from "./memory.js";
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
  /** the board as firmware/boards.ts describes it: its variables, Storage and pin names */
  board: Pick<Board, "vars" | "storageBytes" | "pins">;
  trace: Trace;
  log?: (line: string) => void;
}

export class SimDevice {
  readonly world: DeviceWorld;
  logLines: string[] = [];
  /** the most variables the model saw in use since boot (steady state and every message sent) */
  peakVars = 0;
  private owner: object = {};
  private _context: Record<string, unknown> | undefined;
  private readonly _codeVars: number;

  constructor(private readonly o: SimDeviceOptions) {
    this._codeVars = codeVars(o.code);
    this.world = {
      clock: o.clock,
      storage: new FlashStorage(o.storagePath, o.board.storageBytes),
      trace: o.trace,
      pins: {},
      adverts: [],
      sockets: new Set(),
      wifi: {},
      refused: new Set(),
      memory: () => ({ usage: this.memoryVars(), total: o.board.vars }),
      sending: (chars) => this.sending(chars, SEND_STACK_VARS),
      // the hash input and the message it was built from, both held
      hashing: (chars) => this.sending(chars, stringVars(chars) + SEND_STACK_VARS),
      log: (line) => {
        this.logLines.push(line);
        o.log?.(line);
      },
    };
  }

  /** Power on: a fresh interpreter runs the upload file, as Espruino runs it from flash at boot. */
  boot(): void {
    this.owner = {};
    // The program is a file in Storage too (.bootcde), and takes its room there.
    this.world.storage.api().write(".bootcde", this.o.code);
    this.peakVars = 0;
    const context = createContext(espruinoGlobals(this.world, this.owner, this.o.board.pins));
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

  /** Espruino `process.memory().usage` as modelled (sim/memory.ts): steady state now. */
  memoryVars(): number {
    if (!this._context) return 0;
    const state = stateVars({ mg: this._context.mg, config: this._context.MG_CONFIG });
    const vars = RUNTIME_VARS + this._codeVars + state + SOCKET_VARS * this.world.sockets.size;
    this.peakVars = Math.max(this.peakVars, vars);
    return vars;
  }

  /**
   * The peak of sending a message of `chars` characters on a call stack of `stackVars` (a socket's
   * or the console's, sim/memory.ts). Over the board's variables, Espruino stops the
   * running code with OUT OF MEMORY: so does the simulation's log.
   */
  sending(chars: number, stackVars: number): void {
    const vars = this.memoryVars() + stringVars(chars) + stackVars;
    this.peakVars = Math.max(this.peakVars, vars);
    if (vars > this.o.board.vars) this.world.log(`OUT OF MEMORY (${vars} of ${this.o.board.vars} variables)`);
  }
}

/** Espruino rounds negative halves away from zero (-54.75 -> -54.8 with toFixed-free maths). */
function patchMathRound(context: object): void {
  runInContext(
    "(function(r){Math.round=function(x){return x<0&&x-Math.floor(x)===0.5?Math.floor(x):r(x);};})(Math.round);",
    context,
  );
}
