// An estimate of Espruino's `process.memory().usage` for the firmware, in 16-byte variables:
// Espruino keeps function source in RAM (~12 characters a variable) and every object property,
// array element and string block as variables. Measured on the reachable state, not guessed.
const CHARS_PER_VAR = 12;

function stringVars(s: string): number {
  return 1 + Math.floor(s.length / CHARS_PER_VAR);
}

export function estimateVars(code: string, root: unknown): number {
  const seen = new Set<unknown>();
  let vars = Math.ceil(code.length / CHARS_PER_VAR);
  const visit = (v: unknown): number => {
    if (typeof v === "string") return stringVars(v);
    if (v === null || typeof v !== "object") return 1;
    if (seen.has(v)) return 0;
    seen.add(v);
    if (ArrayBuffer.isView(v)) return 2 + Math.ceil(v.byteLength / CHARS_PER_VAR);
    let n = 1;
    for (const key of Object.keys(v)) {
      const value = (v as Record<string, unknown>)[key];
      n += stringVars(key) + (typeof value === "function" ? 1 : visit(value));
    }
    return n;
  };
  vars += visit(root);
  return vars;
}
