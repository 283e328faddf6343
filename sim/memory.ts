// A model of Espruino's `process.memory().usage` for the firmware, in variables, calibrated against
// the real Espruino 2v29 interpreter running the built files loaded from flash (firmware/README.md,
// "Memory"). A board keeps the code in flash, so the text costs nothing; what costs is every function
// the code defines (measured: 4 variables each, 1 a parameter, 1 a scope it is defined in), every
// value reachable from the device state, the socket, and at the peak the message being sent (one
// string's worth) and the call stack under it; a signed message's peak is its HMAC's inner hash,
// whose input is a second copy of the message.
import { type Node, parse } from "acorn";

/**
 * The interpreter after boot with no program (measured: 46) plus what a running program adds that
 * is not reachable from its state: timers, built-in module objects, prototypes, event queue
 * (calibrated: 17, the gap on the ESP8266 and the Puck.js files).
 */
export const RUNTIME_VARS = 63;
/** An open TCP socket with the client's two handlers (measured: ~55 between connected and not). */
export const SOCKET_VARS = 55;
/**
 * The call stack, timers and temporaries while a readings message is built and written to the
 * socket, or hashed (calibrated: peak minus steady minus the message was 106 on the ESP8266, 101 on
 * the ESP32 build).
 */
export const SEND_STACK_VARS = 100;
/** The same for an answer on the Bluetooth console (Puck.js): a shallow stack (measured: ~8). */
export const CONSOLE_STACK_VARS = 10;
const CHARS_PER_VAR = 12;
/** A function: its name or property, the function, its code link and the code in flash (measured). */
const VARS_PER_FUNCTION = 4;

export function stringVars(chars: number): number {
  return 1 + Math.floor(chars / CHARS_PER_VAR);
}

/**
 * Functions and their parameters in the built code: 4 variables a function, 1 a parameter, and for a
 * function defined inside others 1 a scope it links to (measured: the ESP8266 file wrapped in one
 * function used 133 variables more, one for each of its 133 functions and one more for each of the
 * 35 defined inside another).
 */
export function codeVars(code: string): number {
  let vars = 0;
  const visit = (node: unknown, depth: number): void => {
    if (Array.isArray(node)) {
      for (const child of node) visit(child, depth);
      return;
    }
    if (node === null || typeof node !== "object" || typeof (node as Node).type !== "string") return;
    const fn = /Function/.test((node as Node).type);
    if (fn) vars += VARS_PER_FUNCTION + (node as Node & { params: unknown[] }).params.length + depth;
    for (const key of Object.keys(node))
      visit((node as unknown as Record<string, unknown>)[key], depth + (fn ? 1 : 0));
  };
  visit(parse(code, { ecmaVersion: 2020 }), 0);
  return vars;
}

/** Variables held by everything reachable from `root` (functions counted once, in codeVars). */
export function stateVars(root: unknown): number {
  const seen = new Set<unknown>();
  const visit = (v: unknown): number => {
    if (typeof v === "string") return stringVars(v.length);
    if (v === null || typeof v !== "object") return 1;
    if (seen.has(v)) return 0;
    seen.add(v);
    if (ArrayBuffer.isView(v)) return 2 + Math.ceil(v.byteLength / CHARS_PER_VAR);
    let n = 1;
    for (const key of Object.keys(v)) {
      const value = (v as Record<string, unknown>)[key];
      n += stringVars(key.length) + (typeof value === "function" ? 1 : visit(value));
    }
    return n;
  };
  return visit(root);
}
