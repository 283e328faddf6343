// The HTTP contract is written once, in shared/api, and both programs keep to it: every route the
// gateway declares is in the route map and every route in the map is declared (the map is read as
// TypeScript reads it), and what the gateway answers where the contract says "or null" reads right
// on the page (a unit with no profile has no limit to be above: not "0 minutes above").
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Express } from "express";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { minutesAbove } from "../../dashboard/src/format.js";
import type { DailyRow } from "../../shared/api/answers.js";
import { type Harness, startHarness, T0 } from "../gateway/http/harness.js";

const ROOT = resolve(import.meta.dirname, "..", "..");

/** the keys of ApiRoutes in shared/api/routes.ts: "GET /api/units", ... */
function routeMap(): string[] {
  const file = join(ROOT, "shared", "api", "routes.ts");
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest);
  const map = source.statements.find(
    (s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === "ApiRoutes",
  );
  return (map?.members ?? []).flatMap((m) => (m.name && ts.isStringLiteral(m.name) ? [m.name.text] : []));
}

interface Layer {
  rawPath?: string;
  route?: { path: string; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
}

/** "METHOD /path" of every route the app's routers declare, mounted paths joined */
function declaredRoutes(app: Express): string[] {
  const walk = (stack: Layer[], prefix: string): string[] =>
    stack.flatMap((layer) => {
      if (layer.route) {
        const path = layer.route.path === "/" ? prefix || "/" : `${prefix}${layer.route.path}`;
        return Object.keys(layer.route.methods).map((m) => `${m.toUpperCase()} ${path}`);
      }
      const mounted = layer.rawPath && layer.rawPath !== "/" ? `${prefix}${layer.rawPath}` : prefix;
      return layer.handle.stack ? walk(layer.handle.stack, mounted) : [];
    });
  return walk((app as unknown as { router: { stack: Layer[] } }).router.stack, "");
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe("the HTTP contract in shared/api", () => {
  it("names every route the gateway declares, and no other (the live events have their own map)", () => {
    const declared = declaredRoutes(h.app).filter((r) => r !== "GET /api/events");
    expect(new Set(declared).size).toBe(declared.length);
    expect(routeMap().sort()).toEqual(declared.sort());
  });

  it("shows a day of a unit with no profile as having no limit, not 0 minutes above", async () => {
    h.site.units.put({ id: "old-fridge", name: "Old fridge", profileId: "retired", createdAtMs: T0 });
    await h.stores.readings.write([
      { deviceId: "dev-9", unitId: "old-fridge", seq: 1, timeMs: T0 + 60_000, tempC: 9 },
    ]);
    const res = await h.get(`/api/reports/daily?unitId=old-fridge&from=${T0}&to=${T0 + 86_400_000}`, "sam");
    const [row] = res.body.data as DailyRow[];
    expect(row?.minutesAbove).toEqual({ warningHighC: null, criticalHighC: null });
    expect(minutesAbove(row?.minutesAbove.warningHighC ?? 0)).toBe("0");
    expect(minutesAbove(row?.minutesAbove.warningHighC ?? null)).toBe("no limit");
  });
});
