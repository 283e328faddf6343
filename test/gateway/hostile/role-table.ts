// The table of roles-hostile.test.ts: every route of the API, what each row aims it at, and the status
// each asker must get. The bags and trips it names are made by that test's setup, into `ids`.
import { PASSWORD, T0 } from "../http/harness.js";

export type Actor = "anonymous" | "ana" | "carl" | "sam" | "admin";
export const ACTORS: Actor[] = ["anonymous", "ana", "carl", "sam", "admin"];
export type Statuses = Record<Actor, number>;

export interface Row {
  /** the route as its router declares it: "GET /api/units/:id" */
  route: string;
  /** what it is aimed at, when the route has more than one row */
  target?: string;
  path: (actor: Actor) => string;
  body?: (actor: Actor) => object;
  expect: Statuses;
}

export const MIN = 60_000;
export const HANDED_OVER = T0 + 60 * MIN;
export const LATER = T0 + 90 * MIN;

/** bags and trips made in setup, by name */
export const ids: Record<string, string> = {};

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

export const bag = (label: string, unitId: string) => ({
  label,
  unitId,
  volumeMl: 100,
  container: "flat-bag",
  expressedAtMs: T0 - 86_400_000,
  purpose: "donation",
  processing: "raw",
});

export const ROWS: Row[] = [
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
