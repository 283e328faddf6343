// A unit's profile is looked up once it is found, and looked up again while it is not.
import { describe, expect, it } from "vitest";
import { remembered } from "../../../gateway/engine/cached.js";

describe("a remembered lookup", () => {
  it("loads a found key once, and a missing one every time until it is found", () => {
    const units = new Map<string, string>();
    const loads: string[] = [];
    const profileOf = remembered((unitId) => {
      loads.push(unitId);
      return units.get(unitId);
    });
    expect(profileOf("freezer-1")).toBeUndefined();
    units.set("freezer-1", "bank-freezer");
    expect([profileOf("freezer-1"), profileOf("freezer-1"), profileOf("freezer-1")]).toEqual([
      "bank-freezer",
      "bank-freezer",
      "bank-freezer",
    ]);
    expect(loads).toEqual(["freezer-1", "freezer-1"]);
  });
});
