// Everything marked ESPRUINO-SAFE compiles to code Espruino can run, and the checker that says so
// catches each construct Espruino lacks.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { checkEspruinoSafe, ESPRUINO_ESBUILD_SUPPORTED } from "../../scripts/espruino-check.js";

const root = join(import.meta.dirname, "../..");
const protocolDir = join(root, "shared/protocol");
const MARK = "// ESPRUINO-SAFE";

function isMarked(file: string): boolean {
  return readFileSync(file, "utf8").startsWith(MARK);
}

async function bundle(entry: string) {
  const out = await build({
    // A namespace import keeps every export without esbuild's CommonJS helper (which uses for...of).
    stdin: { contents: `import * as m from ${JSON.stringify(entry)}; globalThis.m = m;`, resolveDir: root },
    bundle: true,
    format: "iife",
    target: "es2015",
    platform: "neutral",
    supported: ESPRUINO_ESBUILD_SUPPORTED,
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  return {
    code: out.outputFiles[0]?.text ?? "",
    inputs: Object.keys(out.metafile.inputs).filter((i) => i !== "<stdin>"),
  };
}

const marked = readdirSync(protocolDir)
  .filter((f) => f.endsWith(".ts"))
  .map((f) => join(protocolDir, f))
  .filter(isMarked);

describe("ESPRUINO-SAFE protocol files", () => {
  it("include the files the firmware needs", () => {
    const names = marked.map((f) => relative(protocolDir, f));
    for (const needed of [
      "types.ts",
      "topics.ts",
      "limits.ts",
      "codec.ts",
      "hmac.ts",
      "sha256.ts",
      "crc8.ts",
    ]) {
      expect(names).toContain(needed);
    }
  });

  it.each(marked.map((f) => [relative(root, f), f]))(
    "%s bundles to Espruino-safe code",
    async (_name, file) => {
      const { code, inputs } = await bundle(file);
      expect(checkEspruinoSafe(code)).toEqual([]);
      for (const input of inputs)
        expect(isMarked(join(root, input)), `${input} is imported by ${file}`).toBe(true);
    },
  );
});

describe("the Espruino checker", () => {
  const mustFail: [string, string][] = [
    ["async function f() { await g(); }", "syntax beyond ES2015"],
    ["function* g() { yield 1; }", "generator"],
    ["var { a } = o;", "destructuring"],
    ["var [a, b] = o;", "destructuring"],
    ["f(...xs);", "spread"],
    ["function f(...xs) {}", "rest parameter"],
    ["function f(a = 1) {}", "default parameter"],
    ["for (const x of xs) {}", "for...of"],
    ["var y = 2 ** 3;", "syntax beyond ES2015"],
    ["var y = a?.b;", "syntax beyond ES2015"],
    ["outer: for (;;) { break outer; }", "label"],
    ["tag`x`;", "tagged template"],
    ["var o = { [k]: 1 };", "computed key"],
    ["class A { x = 1 }", "syntax beyond ES2015"],
    ["var m = new Map();", "Map"],
    ["var s = new Set();", "Set"],
    ["var w = new WeakMap();", "WeakMap"],
    ["var s = Symbol('x');", "Symbol"],
    ["var p = new Proxy({}, {});", "Proxy"],
    ["Reflect.ownKeys(o);", "Reflect"],
    ["var b = BigInt(1);", "BigInt"],
    ["var b = Buffer.from('x');", "Buffer"],
    ["var e = new TextEncoder();", "TextEncoder"],
    ["var a = Array.from(xs);", "Array.from"],
    ["Number.isInteger(x);", "Number.isInteger"],
    ["Number.isFinite(x);", "Number.isFinite"],
    ["Number.isNaN(x);", "Number.isNaN"],
    ["Math.trunc(x);", "Math.trunc"],
    ["Promise.race([p]);", "Promise.race"],
    ["p.then(f).finally(g);", ".finally"],
    ["Object.freeze(o);", "Object.freeze"],
    ["var r = /-?\\d+/;", "regex ?"],
    ["var r = /a{2,3}/;", "regex {n,m}"],
    ["var r = /a(?=b)/;", "regex ?"],
    ["var r = /\\bword/;", "regex \\b"],
    ["var r = /(a)\\1/;", "regex backreference"],
    ["var r = /(ab)+/;", "regex quantified group"],
    ['var s = "caf\u00e9";', "non-ASCII"],
  ];

  it.each(mustFail)("rejects %s", (code, what) => {
    const found = checkEspruinoSafe(code);
    expect(found.map((v) => v.what).join("; ")).toContain(what);
  });

  it("accepts what Espruino has", () => {
    const code = [
      "class A extends B { constructor() { super(); this.x = []; } get y() { return 1; } static z() {} }",
      "const f = (a) => `t` + a; let o = { f, g() {} }; o.map = 1; o.Set = o.map;",
      "var r = /^[a-z0-9-]+$/; var n = Math.pow(2, 3); new Int32Array(4); JSON.parse('1');",
      "Promise.all([]).then(function () {});",
    ].join("\n");
    expect(checkEspruinoSafe(code)).toEqual([]);
  });

  it("makes esbuild refuse destructuring, default and rest parameters and spread", async () => {
    for (const code of ["const { a } = o;", "function f(a = 1) {}", "function f(...a) {}", "f(...a);"]) {
      await expect(
        build({
          stdin: { contents: code },
          write: false,
          target: "es2015",
          supported: ESPRUINO_ESBUILD_SUPPORTED,
          logLevel: "silent",
        }),
      ).rejects.toThrow();
    }
  });
});
