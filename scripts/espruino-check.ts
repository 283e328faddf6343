// The Espruino subset, checked on compiled JavaScript: esbuild turns some banned syntax into build
// errors (ESPRUINO_ESBUILD_SUPPORTED); this parse catches the rest, and the library calls Espruino
// lacks. The firmware build and test/shared/espruino-safe.test.ts both use it.
import { parse } from "acorn";

export interface Violation {
  line: number;
  what: string;
}

/** esbuild `supported` overrides that make each banned feature a build error (firmware/README.md "Build"). */
export const ESPRUINO_ESBUILD_SUPPORTED: Record<string, boolean> = {
  destructuring: false,
  "default-argument": false,
  "rest-argument": false,
  "array-spread": false,
  "async-await": false,
  generator: false,
  "for-await": false,
};

const BANNED_GLOBALS = new Set([
  "Map",
  "Set",
  "WeakMap",
  "WeakSet",
  "Symbol",
  "Proxy",
  "Reflect",
  "BigInt",
  "Buffer",
  "TextEncoder",
  "TextDecoder",
]);
const BANNED_MEMBERS = new Set([
  "Array.from",
  "Number.isInteger",
  "Number.isFinite",
  "Number.isNaN",
  "Math.trunc",
  "Math.log10",
  "Promise.race",
  "Object.freeze",
  "Date.UTC",
]);
/** Banned whatever object they are called on. */
const BANNED_METHODS = new Set(["finally"]);

const BANNED_NODES: Record<string, string> = {
  ObjectPattern: "destructuring",
  ArrayPattern: "destructuring",
  SpreadElement: "spread",
  RestElement: "rest parameter",
  AssignmentPattern: "default parameter",
  ForOfStatement: "for...of",
  LabeledStatement: "label",
  TaggedTemplateExpression: "tagged template",
};

interface AstNode {
  type: string;
  loc?: { start: { line: number } };
  [key: string]: unknown;
}

export function checkEspruinoSafe(code: string): Violation[] {
  const found: Violation[] = nonAscii(code);
  let ast: AstNode;
  try {
    ast = parse(code, { ecmaVersion: 2015, sourceType: "script", locations: true }) as unknown as AstNode;
  } catch (err) {
    const e = err as { message: string; loc?: { line: number } };
    found.push({ line: e.loc?.line ?? 0, what: `syntax beyond ES2015: ${e.message}` });
    return found;
  }
  walk(ast, null, (node, parent) => {
    const what = judge(node, parent);
    if (what !== null) found.push({ line: node.loc?.start.line ?? 0, what });
  });
  return found;
}

function nonAscii(code: string): Violation[] {
  const found: Violation[] = [];
  let line = 1;
  for (let i = 0; i < code.length; i++) {
    const ch = code.charCodeAt(i);
    if (ch === 10) line++;
    else if (ch > 127 && found[found.length - 1]?.line !== line)
      found.push({ line, what: "non-ASCII character" });
  }
  return found;
}

function walk(node: AstNode, parent: AstNode | null, visit: (n: AstNode, p: AstNode | null) => void): void {
  visit(node, parent);
  for (const key of Object.keys(node)) {
    const child = node[key];
    const children = Array.isArray(child) ? child : [child];
    for (const c of children) {
      if (c && typeof c === "object" && typeof (c as AstNode).type === "string")
        walk(c as AstNode, node, visit);
    }
  }
}

function judge(node: AstNode, parent: AstNode | null): string | null {
  const banned = BANNED_NODES[node.type];
  if (banned) return banned;
  if ((node.type === "Property" || node.type === "MethodDefinition") && node.computed) return "computed key";
  if (node.generator === true) return "generator";
  if (node.type === "Literal" && node.regex) return regexProblem((node.regex as { pattern: string }).pattern);
  if (node.type === "Identifier" && BANNED_GLOBALS.has(node.name as string) && isReference(node, parent)) {
    return `missing in Espruino: ${node.name}`;
  }
  if (node.type === "MemberExpression" && !node.computed) return memberProblem(node);
  return null;
}

function memberProblem(node: AstNode): string | null {
  const object = node.object as AstNode;
  const name = (node.property as AstNode).name as string;
  if (BANNED_METHODS.has(name)) return `missing in Espruino: .${name}`;
  if (object.type !== "Identifier") return null;
  const full = `${object.name as string}.${name}`;
  return BANNED_MEMBERS.has(full) ? `missing in Espruino: ${full}` : null;
}

/** An identifier that names a variable, not a property key or member name. */
function isReference(node: AstNode, parent: AstNode | null): boolean {
  if (parent === null) return true;
  if (parent.type === "MemberExpression" && parent.property === node && !parent.computed) return false;
  if ((parent.type === "Property" || parent.type === "MethodDefinition") && parent.key === node) return false;
  return true;
}

/** Espruino's regex engine: no ?, {n,m}, lazy or lookaround, \b, backreferences, quantified groups. */
export function regexProblem(pattern: string): string | null {
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === "\\") {
      const next = pattern[i + 1] ?? "";
      if (next === "b" || next === "B") return "regex \\b";
      if (next >= "1" && next <= "9") return "regex backreference";
      i++;
    } else if (ch === "?") return "regex ? (optional, lazy or lookaround)";
    else if (ch === "{" && /[0-9]/.test(pattern[i + 1] ?? "")) return "regex {n,m}";
    else if (ch === ")" && "*+".includes(pattern[i + 1] ?? "")) return "regex quantified group";
  }
  return null;
}
