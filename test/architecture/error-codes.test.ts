// Every error code the gateway can answer with is listed in docs/errors.md, which gateway/errors.ts
// points people to: a new code without a line there fails here.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts"))
    .map((f) => readFileSync(join(ROOT, dir, f), "utf8"));
}

it("lists in docs/errors.md every error code the gateway answers with", () => {
  const used = new Set(sources("gateway").flatMap((text) => text.match(/MILK_ERR_[A-Z_]+/g) ?? []));
  const listed = readFileSync(join(ROOT, "docs", "errors.md"), "utf8");
  expect(used.size).toBeGreaterThan(5);
  expect([...used].filter((code) => !listed.includes(`\`${code}\``))).toEqual([]);
});
