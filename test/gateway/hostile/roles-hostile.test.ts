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

type Actor = "anonymous" | "ana" | "carl" | "sam" | "admin";
const ACTORS: Actor[] = ["anonymous", "ana", "carl", "sam", "admin"];
type Statuses = Record<Actor, number>;

interface Row {
  /** the route as its router declares it: "GET /api/units/:id" */
  route: string;
  /** what it is aimed at, when the route has more than one row */
  target?: string;
  path: (actor: Actor) => string;
  body?: (actor: Actor) => object;
  expect: Statuses;
}

const MIN = 60_000;
const HANDED_OVER = T0 + 60 * MIN;
const LATER = T0 + 90 * MIN;

let h: Harness;
let server: Server;
let base: string;
/** bags and trips made in setup, by name */
const ids: Record<string, string> = {};

/** what each asker must never read: the other donor's things; for the courier, the next round's */
const NOT_THEIRS: Partial<Record<Actor, () => string[]>> = {
  ana: () => ["dora", ids.doraBag ?? "?", "Dora"],
  carl: () => [ids.laterTrip ?? "?", ids.laterBag ?? "?", "Cora round bag", "a-box-later"],
};

const signedIn = (status: number, anonymous = 401): Statuses => ({
  anonymous,
  ana: status,
  carl: status,
  sam: status,
  admin: status,
});
const siteWide = (ok: number, staff = ok): Statuses => ({
  anonymous: 401,
  ana: 403,
  carl: 403,
  sam: staff,
  admin: ok,
});
const adminOnly = (ok: number): Statuses => ({ ...siteWide(ok), sam: 403 });

const bag = (label: string, unitId: string) => ({
  label,
  unitId,
  volumeMl: 100,
  container: "flat-bag",
  expressedAtMs: T0 - 86_400_000,
  purpose: "donation",
  processing: "raw",
});

const ROWS: Row[] = [
  { route: "GET /healthz", path: () => "/healthz", expect: signedIn(200, 200) },
  { route: "GET /metrics", path: () => "/metrics", expect: signedIn(200, 200) },
  {
    route: "POST /api/login",
    path: () => "/api/login",
    body: () => ({ name: "dora" }),
    expect: signedIn(400, 400),
  },
  { route: "GET /api/me", path: () => "/api/me", expect: signedIn(200) },
  {
    route: "POST /api/me/preferences",
    path: () => "/api/me/preferences",
    body: () => ({ language: "fr", temperatureUnit: "F" }),
    expect: signedIn(200),
  },
  { route: "GET /api/events", path: () => "/api/events", expect: signedIn(200) },
  { route: "GET /api/users", path: () => "/api/users", expect: siteWide(200) },
  {
    route: "POST /api/users",
    path: () => "/api/users",
    body: () => ({ name: "nina", displayName: "Nina", role: "staff", password: PASSWORD }),
    expect: adminOnly(201),
  },
  {
    route: "POST /api/users/:id",
    path: () => "/api/users/erin",
    body: () => ({ displayName: "Erin E.", email: "erin@example.org" }),
    expect: adminOnly(200),
  },
  {
    route: "POST /api/users/:id/password",
    path: () => "/api/users/erin/password",
    body: () => ({ password: PASSWORD }),
    expect: adminOnly(200),
  },
  { route: "POST /api/users/:id/disable", path: () => "/api/users/erin/disable", expect: adminOnly(200) },
  {
    route: "POST /api/setup",
    target: "a made-up token on a site with an admin",
    path: () => "/api/setup",
    body: () => ({ token: "made-up", name: "mallory", displayName: "Mallory", password: PASSWORD }),
    expect: signedIn(403, 403),
  },
  { route: "GET /api/units", path: () => "/api/units", expect: signedIn(200) },
  {
    route: "GET /api/units/:id",
    target: "another donor's freezer",
    path: () => "/api/units/dora-freezer",
    expect: siteWide(200),
  },
  {
    route: "GET /api/units/:id",
    target: "the cool box after hand-over",
    path: () => "/api/units/box-1",
    expect: siteWide(200),
  },
  {
    route: "POST /api/units",
    path: () => "/api/units",
    body: () => ({ name: "New freezer", profileId: "test-freezer" }),
    expect: adminOnly(201),
  },
  {
    route: "GET /api/units/:id/readings",
    target: "another donor's freezer",
    path: () => "/api/units/dora-freezer/readings",
    expect: siteWide(200),
  },
  {
    route: "GET /api/units/:id/readings",
    target: "the box on the next round",
    path: () => `/api/units/box-1/readings?from=${LATER}&to=${LATER + 60 * MIN}`,
    expect: siteWide(200),
  },
  {
    route: "GET /api/units/:id/readings",
    target: "the box during her own trip",
    path: () => `/api/units/box-1/readings?from=${T0}&to=${HANDED_OVER}`,
    expect: { ...siteWide(200), carl: 200 },
  },
  { route: "GET /api/profiles", path: () => "/api/profiles", expect: signedIn(200) },
  { route: "GET /api/devices", path: () => "/api/devices", expect: siteWide(200) },
  {
    route: "POST /api/devices",
    path: () => "/api/devices",
    body: () => ({ unitId: "bank-freezer" }),
    expect: adminOnly(201),
  },
  { route: "POST /api/devices/:id/rotate", path: () => "/api/devices/dev-1/rotate", expect: adminOnly(200) },
  { route: "POST /api/devices/:id/retire", path: () => "/api/devices/dev-2/retire", expect: adminOnly(200) },
  { route: "GET /api/alerts", path: () => "/api/alerts", expect: signedIn(200) },
  {
    route: "GET /api/alerts/:id",
    target: "another donor's alert",
    path: () => "/api/alerts/a-dora",
    expect: siteWide(200),
  },
  {
    route: "GET /api/alerts/:id",
    target: "the box's alert on the next round",
    path: () => "/api/alerts/a-box-later",
    expect: siteWide(200),
  },
  {
    route: "POST /api/alerts/:id/acknowledge",
    target: "another donor's alert",
    path: (a) => `/api/alerts/a-dora-${a}/acknowledge`,
    body: () => ({ comment: "seen" }),
    expect: siteWide(200),
  },
  {
    route: "POST /api/alerts/acknowledge",
    target: "another donor's unit",
    path: () => "/api/alerts/acknowledge",
    body: () => ({ unitId: "dora-freezer", comment: "seen" }),
    expect: siteWide(200),
  },
  {
    route: "POST /api/alerts/:id/resolve",
    path: (a) => `/api/alerts/a-dora-${a}/resolve`,
    body: () => ({ correctiveAction: "door shut" }),
    expect: siteWide(200),
  },
  {
    route: "POST /api/alerts/:id/acknowledge",
    target: "the box's alert on the next round",
    path: () => "/api/alerts/a-box-later/acknowledge",
    body: () => ({ comment: "on it" }),
    expect: { ...siteWide(200), admin: 409 },
  },
  { route: "GET /api/batches", path: () => "/api/batches", expect: signedIn(200) },
  {
    route: "POST /api/batches",
    path: () => "/api/batches",
    body: () => ({ ...bag("Staff's bag for Dora", "dora-freezer"), donorId: "dora" }),
    expect: siteWide(201),
  },
  {
    route: "POST /api/batches/:id/move",
    path: (a) => `/api/batches/${ids[`doraBag-${a}`] ?? ids.doraBag}/move`,
    body: () => ({ toUnitId: "bank-freezer" }),
    expect: siteWide(200),
  },
  {
    route: "POST /api/batches/:id/discard",
    path: (a) => `/api/batches/${ids[`doraBag-${a}`] ?? ids.doraBag}/discard`,
    body: () => ({ reason: "spilt" }),
    expect: siteWide(200),
  },
  {
    route: "GET /api/batches/:id/history",
    target: "another donor's bag",
    path: () => `/api/batches/${ids.doraBag}/history`,
    expect: siteWide(200),
  },
  {
    route: "GET /api/batches/:id/thaw",
    path: () => `/api/batches/${ids.doraBag}/thaw`,
    expect: siteWide(200),
  },
  {
    route: "GET /api/batches/:id/history",
    target: "a bag the courier carried, after hand-over",
    path: () => `/api/batches/${ids.anaBag}/history`,
    expect: { ...siteWide(200), ana: 200 },
  },
  { route: "GET /api/trips", path: () => "/api/trips", expect: signedIn(200) },
  {
    route: "GET /api/trips/choices",
    path: () => "/api/trips/choices",
    expect: { ...signedIn(200), ana: 403 },
  },
  {
    route: "POST /api/trips",
    path: () => "/api/trips",
    body: (a) => ({ boxUnitId: `box-${a}` }),
    expect: { ...siteWide(201), carl: 201 },
  },
  {
    route: "POST /api/trips/:id/pickups",
    path: () => `/api/trips/${ids.laterTrip}/pickups`,
    body: () => ({ donorId: "dora", batchIds: ["no-such-bag"] }),
    expect: siteWide(404),
  },
  {
    route: "GET /api/trips/:id/report",
    target: "the courier's own trip, with both donors' bags",
    path: () => `/api/trips/${ids.firstTrip}/report`,
    expect: { ...siteWide(200), ana: 200, carl: 200 },
  },
  {
    route: "GET /api/trips/:id/report.csv",
    target: "the courier's own trip, with both donors' bags",
    path: () => `/api/trips/${ids.firstTrip}/report.csv`,
    expect: { ...siteWide(200), ana: 200, carl: 200 },
  },
  {
    route: "GET /api/trips/:id/report",
    target: "the next round, still open",
    path: () => `/api/trips/${ids.laterTrip}/report`,
    expect: siteWide(409),
  },
  {
    route: "GET /api/trips/:id/report.csv",
    target: "the next round, still open",
    path: () => `/api/trips/${ids.laterTrip}/report.csv`,
    expect: siteWide(409),
  },
  {
    route: "POST /api/trips/:id/handover",
    path: () => `/api/trips/${ids.laterTrip}/handover`,
    expect: { ...siteWide(200), admin: 409 },
  },
  {
    route: "POST /api/trips/:id/reception",
    path: () => `/api/trips/${ids.firstTrip}/reception`,
    // the box sent nothing, so the report is provisional and a decision on it says why
    body: () => ({ decision: "accepted", comment: "bags checked by hand" }),
    expect: { ...siteWide(200), admin: 409 },
  },
  {
    route: "GET /api/reports/daily",
    target: "another donor's freezer",
    path: () => "/api/reports/daily?unitId=dora-freezer",
    expect: siteWide(200),
  },
  {
    route: "GET /api/reports/daily",
    target: "every unit the asker may see",
    path: () => "/api/reports/daily",
    expect: signedIn(200),
  },
  { route: "GET /api/audit", path: () => "/api/audit", expect: siteWide(200) },
  { route: "GET /api/audit/verify", path: () => "/api/audit/verify", expect: siteWide(200) },
  { route: "GET /api/quarantine", path: () => "/api/quarantine", expect: siteWide(200) },
  {
    route: "POST /api/quarantine/release",
    path: () => "/api/quarantine/release",
    body: () => ({ deviceId: "box", reason: "future_time", offsetS: -3600 }),
    expect: adminOnly(200),
  },
  {
    route: "GET /api/notifications/settings",
    path: () => "/api/notifications/settings",
    expect: signedIn(200),
  },
  {
    route: "POST /api/notifications/settings",
    path: () => "/api/notifications/settings",
    body: () => ({ channels: ["email"], email: "someone@example.org" }),
    expect: signedIn(200),
  },
  { route: "POST /api/notifications/test", path: () => "/api/notifications/test", expect: signedIn(200) },
  { route: "GET /api/notifications/site", path: () => "/api/notifications/site", expect: adminOnly(200) },
  { route: "GET /api/notifications/push", path: () => "/api/notifications/push", expect: signedIn(200) },
  {
    route: "POST /api/notifications/push",
    path: () => "/api/notifications/push",
    body: () => ({ endpoint: "https://push.example/abc", keys: { p256dh: "BNc", auth: "tBH" } }),
    expect: signedIn(200),
  },
  {
    route: "POST /api/notifications/push/remove",
    path: () => "/api/notifications/push/remove",
    body: () => ({ endpoint: "https://push.example/abc" }),
    expect: signedIn(200),
  },
  // the acknowledge link needs no session, only a genuine token
  { route: "GET /ack/:token", path: () => "/ack/forged.token", expect: signedIn(410, 410) },
  { route: "POST /ack/:token", path: () => "/ack/forged.token", expect: signedIn(410, 410) },
  // last: it ends the session it is sent with (a fresh one each time)
  { route: "POST /api/logout", path: () => "/api/logout", expect: signedIn(200) },
];

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
