// A gateway HTTP app on a real SQLite file in a temp folder, with a few users, units and a settable
// clock; supertest drives it without a port.
import type { Express } from "express";
import request from "supertest";
import { createAlertWorkflow } from "../../../gateway/alerts/workflow.js";
import { hashPassword } from "../../../gateway/auth/passwords.js";
import { SESSION_MS } from "../../../gateway/auth/sessions.js";
import { EventBus } from "../../../gateway/bus.js";
import { createProvisioning } from "../../../gateway/devices/provisioning.js";
import { createBatchActions } from "../../../gateway/engine/batch-actions.js";
import { DOMAIN } from "../../../gateway/engine/domain.js";
import { createEngine } from "../../../gateway/engine/engine.js";
import { createHttpApp, type HttpDeps } from "../../../gateway/http/app.js";
import { createLogger } from "../../../gateway/log.js";
import { Metrics } from "../../../gateway/metrics.js";
import { profileCatalog } from "../../../gateway/reports/profile-catalog.js";
import type { Clock } from "../../../gateway/services.js";
import { openSqliteStores, type SqliteStores } from "../../../gateway/store/open-store.js";
import type { StoredReading } from "../../../gateway/store/readings-store.js";
import type { Alert, Role } from "../../../gateway/store/records.js";
import type { SiteStore } from "../../../gateway/store/site-store.js";
import type { RuleSet, StorageProfile } from "../../../shared/profiles/types.js";
import { type TempDir, tempDir } from "../store/temp-store.js";

export const T0 = Date.UTC(2026, 10, 20, 0, 0, 0);
export const PASSWORD = "correct horse battery";

const src = (value: number) => ({ value, source: "test" });
const FREEZER: StorageProfile = {
  id: "test-freezer",
  name: "Test freezer",
  kind: "freezer",
  warningHighC: src(-18),
  criticalHighC: src(-12),
  alarmDelayMin: src(15),
  hysteresisC: src(1),
  intervalS: src(60),
};
const BOX: StorageProfile = {
  ...FREEZER,
  id: "test-box",
  name: "Test cool box",
  kind: "cool-box",
  warningHighC: src(-15),
  criticalHighC: src(-5),
};
const RULES: RuleSet = {
  id: "test-rules",
  name: "Test rules",
  frozenMaxDays: src(90),
  thawedColdMaxH: src(24),
  thawedRoomMaxH: src(2),
  freshFridgeMaxH: src(24),
  partialThawMayRefreeze: false,
  partialThawSource: "test",
};

export class ManualClock implements Clock {
  constructor(public ms: number) {}
  now(): number {
    return this.ms;
  }
}

export interface Harness {
  app: Express;
  site: SiteStore;
  stores: SqliteStores;
  /** the SQLite file, for a second connection playing someone with access to the disk */
  dbFile: string;
  bus: EventBus;
  clock: ManualClock;
  /** stores readings and hands them to the engine, as ingest does */
  feed(readings: StoredReading[]): Promise<void>;
  /** a bearer token for the user */
  login(name: string): Promise<string>;
  get(path: string, name: string): Promise<request.Response>;
  post(path: string, name: string, body?: object): Promise<request.Response>;
  close(): void;
}

const PEOPLE: [string, Role][] = [
  ["admin", "admin"],
  ["sam", "staff"],
  ["carl", "courier"],
  ["ana", "donor"],
  ["dora", "donor"],
];

let passwordHash: string | undefined;

/** `extra` adds to or replaces the app's dependencies (health, metrics, dashboard folder...) */
export async function startHarness(extra: Partial<HttpDeps> = {}): Promise<Harness> {
  const dir: TempDir = tempDir();
  const stores = openSqliteStores(dir.path("site.db"));
  const site = stores.site;
  const log = createLogger("warn", "test");
  const bus = new EventBus(log);
  const clock = new ManualClock(T0);
  // one scrypt hash for every test user keeps each test's setup fast
  passwordHash ??= await hashPassword(PASSWORD);
  for (const [name, role] of PEOPLE) {
    site.users.put({ id: name, name, displayName: `${name} (${role})`, role, passwordHash });
  }
  site.units.put({
    id: "ana-freezer",
    name: "Ana's freezer",
    profileId: FREEZER.id,
    ownerId: "ana",
    createdAtMs: T0,
  });
  site.units.put({
    id: "dora-freezer",
    name: "Dora's freezer",
    profileId: FREEZER.id,
    ownerId: "dora",
    createdAtMs: T0,
  });
  site.units.put({ id: "bank-freezer", name: "=Bank freezer", profileId: FREEZER.id, createdAtMs: T0 });
  site.units.put({ id: "box-1", name: "Cool box 1", profileId: BOX.id, createdAtMs: T0 });
  const catalog = profileCatalog({ [FREEZER.id]: FREEZER, [BOX.id]: BOX }, { [RULES.id]: RULES }, RULES.id);
  // the gateway's engine with the rules it runs (shared/rules)
  const engine = createEngine({
    site,
    bus,
    clock,
    log,
    rules: DOMAIN.rules,
    metrics: new Metrics(),
    contextFor: (unitId) => {
      const profile = catalog.profile(site.units.get(unitId)?.profileId ?? "");
      return profile ? { unitId, profile, ruleSet: RULES } : undefined;
    },
  });
  bus.on("readings", "engine", (stored) => engine.readings(stored));
  const app = createHttpApp({
    site,
    readings: stores.readings,
    bus,
    clock,
    alerts: createAlertWorkflow({ site, bus, clock, log }),
    batches: createBatchActions({ site, bus, clock, engine }),
    devices: createProvisioning({ site, bus, clock, defaultIntervalS: () => 60 }),
    profiles: catalog,
    conditionsOf: engine.conditions,
    log,
    // not the checkout's dist/dashboard, which a build may or may not have made
    dashboardDir: dir.path("dashboard-not-built"),
    ...extra,
  });
  // a token is reused while its session lasts (the clock moves in some tests)
  const tokens = new Map<string, { token: string; untilMs: number }>();
  const login = async (name: string) => {
    const known = tokens.get(name);
    if (known && known.untilMs > clock.now()) return known.token;
    const res = await request(app).post("/api/login").send({ name, password: PASSWORD });
    if (res.status !== 200) throw new Error(`login ${name}: ${res.status} ${JSON.stringify(res.body)}`);
    tokens.set(name, { token: res.body.data.token, untilMs: clock.now() + SESSION_MS });
    return res.body.data.token as string;
  };
  return {
    app,
    site,
    stores,
    dbFile: dir.path("site.db"),
    bus,
    clock,
    login,
    feed: async (readings) => {
      await stores.readings.write(readings);
      bus.emit("readings", readings);
    },
    get: async (path, name) =>
      request(app)
        .get(path)
        .set("Authorization", `Bearer ${await login(name)}`),
    post: async (path, name, body = {}) =>
      request(app)
        .post(path)
        .set("Authorization", `Bearer ${await login(name)}`)
        .send(body),
    close: () => {
      stores.close();
      dir.remove();
    },
  };
}

export const alertRecord = (id: string, unitId: string, extra: Partial<Alert> = {}): Alert => ({
  id,
  key: `${unitId}:temperature-excursion:${id}`,
  kind: "temperature-excursion",
  severity: "critical",
  unitId,
  state: "open",
  message: "The freezer is too warm. Keep the door shut.",
  openedAtMs: T0,
  escalationLevel: 0,
  lastNotifiedAtMs: T0,
  ...extra,
});
