// Which program may use which (docs/architecture.md, issue 13): the page and the firmware speak to
// the gateway only over HTTP and MQTT, through the contract in shared/, and never run gateway code;
// the gateway runs without the firmware's tools and build scripts; shared/ is the pure core every
// part uses and uses none of them. Imports are read as TypeScript reads them (static, type-only,
// dynamic import() and require()).
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "..", "..");
const SOURCE = /\.(ts|mts|cts|js|mjs|cjs)$/;

interface Import {
  /** the importing file, from the checkout's root */
  file: string;
  line: number;
  specifier: string;
  /** the imported file's top folder ("gateway"), or undefined for a package */
  folder: string | undefined;
}

function sourceFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && SOURCE.test(entry.name))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)))
    .filter((file) => !file.split(sep).includes("node_modules"));
}

function importsOf(folder: string): Import[] {
  return sourceFiles(folder).flatMap((file) => {
    const text = readFileSync(join(ROOT, file), "utf8");
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest);
    return ts.preProcessFile(text, true, true).importedFiles.map(({ fileName, pos }) => {
      const relativeTo = fileName.startsWith(".");
      const target = relativeTo ? relative(ROOT, resolve(ROOT, dirname(file), fileName)) : undefined;
      return {
        file,
        line: source.getLineAndCharacterOfPosition(pos).line + 1,
        specifier: fileName,
        folder: target?.split(sep)[0],
      };
    });
  });
}

/** the imports from `folder` into any of `forbidden`, as "file:line imports specifier" */
function crossings(folder: string, forbidden: string[]): string[] {
  return importsOf(folder)
    .filter((i) => i.folder !== undefined && forbidden.includes(i.folder))
    .map((i) => `${i.file}:${i.line} imports ${i.specifier}`);
}

describe("the import graph between the programs", () => {
  it("is read from every kind of import (so an empty answer means none, not a blind reader)", () => {
    const page = importsOf("dashboard");
    // the page uses the contract, a chart library lazily, and its own files
    expect(page.some((i) => i.folder === "shared" && i.specifier.includes("shared/api/"))).toBe(true);
    expect(page.some((i) => i.specifier === "chart.js" && i.folder === undefined)).toBe(true);
    // firmware code loads Espruino's modules with require()
    expect(importsOf("firmware").some((i) => i.specifier === "Storage")).toBe(true);
    expect(importsOf("gateway").length).toBeGreaterThan(100);
  });

  it("has nothing under dashboard/ import from gateway/", () => {
    expect(crossings("dashboard", ["gateway"])).toEqual([]);
  });

  it("has nothing under firmware/ import from gateway/", () => {
    expect(crossings("firmware", ["gateway"])).toEqual([]);
  });

  it("has shared/ import only from shared/ (and packages)", () => {
    expect(crossings("shared", ["gateway", "dashboard", "firmware", "scripts", "test", "bench"])).toEqual([]);
  });

  it("has nothing under gateway/ import from firmware/ or scripts/ (it runs without the firmware's tools)", () => {
    expect(crossings("gateway", ["firmware", "scripts"])).toEqual([]);
  });

  it("has the simulation the demo runs (sim/) import nothing from scripts/, gateway/ or the tests", () => {
    expect(crossings("sim", ["scripts", "gateway", "test", "bench"])).toEqual([]);
  });
});
