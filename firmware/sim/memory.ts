// A model of Espruino's `process.memory().usage` for the firmware, in variables, calibrated against
// the real Espruino 2v29 interpreter running the built files loaded from flash (firmware/README.md,
// "Memory"). A board keeps the code in flash, so the text costs nothing; what costs is every function
// the code defines (measured: 5 variables each, plus 1 a parameter), every value reachable from the
// device state, the socket, and at the peak the message being sent (measured: it adds one string's
// worth, not two) and the call stack under it.

/**
 * The interpreter after boot with no program (measured: 46) plus what a running program adds that
 * is not reachable from its state: timers, built-in module objects, event queue (calibrated: 50,
 * the gap on both the ESP8266 and the Puck.js file).
 */
export const RUNTIME_VARS = 96;
/** An open TCP socket with the client's two handlers (measured: ~55 between connected and not). */
export const SOCKET_VARS = 55;
/** The call stack and temporaries while a readings message is built and written to the socket (calibrated: 110-138 measured). */
export const SEND_STACK_VARS = 120;
/** The same for an answer on the Bluetooth console (Puck.js): a shallow stack (measured: ~8). */
export const CONSOLE_STACK_VARS = 10;
const CHARS_PER_VAR = 12;
const VARS_PER_FUNCTION = 5;

export function stringVars(chars: number): number {
  return 1 + Math.floor(chars / CHARS_PER_VAR);
}

/**
 * Functions and their parameters in the built code, counted from its text: `function(`/`=>` and
 * class methods (`name(args){` after a `}` or `{` inside a class body) with their comma-separated
 * parameters. The minified output has no comments and no parentheses in parameter lists.
 */
export function codeVars(code: string): number {
  let vars = 0;
  const fn = /(?:function\s*[\w$]*\s*|[{}][\w$]+)\(([\w$,]*)\)\s*\{|\(([\w$,]*)\)\s*=>|([\w$]+)\s*=>/g;
  for (let m = fn.exec(code); m; m = fn.exec(code)) {
    const params = m[1] ?? m[2] ?? m[3] ?? "";
    vars += VARS_PER_FUNCTION + (params ? params.split(",").length : 0);
  }
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
