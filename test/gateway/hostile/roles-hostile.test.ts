// Role isolation on every route of the API, over real HTTP: each route is aimed at something that is
// not the asker's (another donor's freezer, bag and alert; a cool box after the courier handed it
// over; an admin's action asked by staff; anything asked anonymously) and must answer the status
// the table expects. Every answer the asker may read is searched for what is not hers. The routes are
// listed from the Express routers themselves, so a new route fails this test until it has a row.
import type { Server } from "node:http";
import type { Express } from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Batch } from "../../../gateway/store/records.js";
import { alertRecord, type Harness, PASSWORD, startHarness, T0 } from "../http/harness.js";
import { ACTORS, type Actor, bag, HANDED_OVER, ids, LATER, MIN, ROWS, type Row } from "./role-table.js";

let h: Harness;
let server: Server;
let base: string;

/** what each asker must never read: the other donor's things; for the courier, the next round's */
const NOT_THEIRS: Partial<Record<Actor, () => string[]>> = {
  ana: () => ["dora", ids.doraBag ?? "?", "Dora"],
  carl: () => [ids.laterTrip ?? "?", ids.laterBag ?? "?", "Cora round bag", "a-box-later"],
};

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

const freshToken = async (name: string) => {
  const res = await fetch(`${base}/api/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ name, password: PASSWORD }),
  });
  return ((await res.json()) as { data: { token: string } }).data.token;
};

async function ask(row: Row, actor: Actor): Promise<{ status: number; text: string }> {
  const [method, route] = row.route.split(" ");
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (actor !== "anonymous") {
    const token = route === "/api/logout" ? await freshToken(actor) : await h.login(actor);
    headers.Authorization = `Bearer ${token}`;
  }
  const stop = new AbortController();
  const res = await fetch(`${base}${row.path(actor)}`, {
    method,
    headers,
    signal: stop.signal,
    ...(method === "POST" ? { body: JSON.stringify(row.body?.(actor) ?? {}) } : {}),
  });
  // the live events never end: their status is all there is to read
  if (res.headers.get("content-type")?.startsWith("text/event-stream")) {
    stop.abort();
    return { status: res.status, text: "" };
  }
  return { status: res.status, text: await res.text() };
}

async function setUp(): Promise<void> {
  for (const box of ["box-ana", "box-carl", "box-sam", "box-admin"]) {
    h.site.units.put({ id: box, name: box, profileId: "test-box", createdAtMs: T0 });
  }
  const register = async (donor: string, label: string, unitId: string) => {
    const res = await h.post("/api/batches", donor, bag(label, unitId));
    return (res.body.data as Batch).id;
  };
  ids.anaBag = await register("ana", "Ana bag", "ana-freezer");
  ids.doraBag = await register("dora", "Dora bag", "dora-freezer");
  for (const actor of ACTORS)
    ids[`doraBag-${actor}`] = await register("dora", `Dora bag ${actor}`, "dora-freezer");
  const doraOnFirst = await register("dora", "Dora first round bag", "dora-freezer");
  await h.stores.readings.write(
    Array.from({ length: 40 }, (_, i) => ({
      deviceId: "box",
      unitId: "box-1",
      seq: i,
      timeMs: T0 + i * 5 * MIN,
      tempC: -20,
    })),
  );

  // Carl's round: Ana's and Dora's bags, handed over an hour later
  const first = (await h.post("/api/trips", "carl", { boxUnitId: "box-1" })).body.data;
  ids.firstTrip = first.id;
  await h.post(`/api/trips/${first.id}/pickups`, "carl", { donorId: "ana", batchIds: [ids.anaBag] });
  await h.post(`/api/trips/${first.id}/pickups`, "carl", { donorId: "dora", batchIds: [doraOnFirst] });
  h.clock.ms = HANDED_OVER;
  expect((await h.post(`/api/trips/${first.id}/handover`, "carl")).status).toBe(200);

  // the next round in the same box: Cora picks up another of Dora's bags
  h.clock.ms = LATER;
  await h.post("/api/users", "admin", {
    name: "cora",
    displayName: "Cora",
    role: "courier",
    password: PASSWORD,
  });
  ids.laterBag = await register("dora", "Cora round bag", "dora-freezer");
  await h.post("/api/users", "admin", {
    name: "erin",
    displayName: "Erin",
    role: "donor",
    password: PASSWORD,
  });
  for (const id of ["dev-1", "dev-2"]) await h.post("/api/devices", "admin", { id, unitId: "bank-freezer" });
  const later = (await h.post("/api/trips", "cora", { boxUnitId: "box-1" })).body.data;
  ids.laterTrip = later.id;
  await h.post(`/api/trips/${later.id}/pickups`, "cora", { donorId: "dora", batchIds: [ids.laterBag] });

  const cleared = { clearedAtMs: T0 + 5 * MIN };
  h.site.alerts.put(alertRecord("a-dora", "dora-freezer", cleared));
  for (const actor of ACTORS) h.site.alerts.put(alertRecord(`a-dora-${actor}`, "dora-freezer", cleared));
  h.site.alerts.put(alertRecord("a-box-later", "box-1", { openedAtMs: LATER + 10 * MIN }));
}

beforeAll(async () => {
  h = await startHarness();
  server = h.app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  await setUp();
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await h.close();
});

describe("role isolation on every route", () => {
  it("has a row for every route the API's routers declare", () => {
    const declared = new Set(declaredRoutes(h.app));
    expect(new Set(ROWS.map((r) => r.route))).toEqual(declared);
  });

  for (const row of ROWS) {
    const statuses = ACTORS.map((a) => `${a} ${row.expect[a]}`).join(", ");
    const title = `${row.route}${row.target ? ` (${row.target})` : ""}: ${statuses}`;
    it(title, async () => {
      for (const actor of ACTORS) {
        const { status, text } = await ask(row, actor);
        expect({ actor, status }).toEqual({ actor, status: row.expect[actor] });
        if (status < 300) {
          for (const secret of NOT_THEIRS[actor]?.() ?? []) {
            expect(text, `${actor} reads '${secret}'`).not.toContain(secret);
          }
        }
      }
    });
  }
});
