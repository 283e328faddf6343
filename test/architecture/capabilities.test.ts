// Permissions are decided once, by the gateway's access policy (gateway/http/access.ts): what
// GET /api/me tells the page a user may do is exactly what the routes let that user do, for every
// role and every capability. The page reads these and never decides by role itself.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CAPABILITIES, type Capability, type Me } from "../../shared/api/capabilities.js";
import { type Harness, startHarness } from "../gateway/http/harness.js";

/** a request the route answers 403 to exactly when the user lacks the capability */
const PROBES: Record<Capability, { method: "GET" | "POST"; path: string }> = {
  // another donor's freezer
  wholeSite: { method: "GET", path: "/api/units/dora-freezer" },
  // the body is empty: with the capability the answer is 400, without it 403
  handleBags: { method: "POST", path: "/api/batches" },
  startTrips: { method: "POST", path: "/api/trips" },
  receiveTrips: { method: "POST", path: "/api/trips/no-such-trip/reception" },
  readAudit: { method: "GET", path: "/api/audit" },
  readQuarantine: { method: "GET", path: "/api/quarantine" },
  releaseQuarantine: { method: "POST", path: "/api/quarantine/release" },
  listPeople: { method: "GET", path: "/api/users" },
  createUsers: { method: "POST", path: "/api/users" },
  createUnits: { method: "POST", path: "/api/units" },
  listDevices: { method: "GET", path: "/api/devices" },
  provisionDevices: { method: "POST", path: "/api/devices" },
  readSiteSettings: { method: "GET", path: "/api/notifications/site" },
};

/** one of each role */
const PEOPLE = ["admin", "sam", "carl", "ana"];

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe("the capabilities the page is told", () => {
  it.each(PEOPLE)("are what the routes let %s do, capability by capability", async (name) => {
    const me = (await h.get("/api/me", name)).body.data as Me;
    expect(Object.keys(me.can).sort()).toEqual([...CAPABILITIES].sort());
    const allowed: Record<string, boolean> = {};
    for (const capability of CAPABILITIES) {
      const { method, path } = PROBES[capability];
      const res = method === "GET" ? await h.get(path, name) : await h.post(path, name, {});
      allowed[capability] = res.status !== 403;
    }
    expect(allowed).toEqual(me.can);
  });

  it("give each role a different set, so the page cannot be told the same for all", async () => {
    const sets = new Set<string>();
    for (const name of PEOPLE) sets.add(JSON.stringify((await h.get("/api/me", name)).body.data.can));
    expect(sets.size).toBe(PEOPLE.length);
  });
});
