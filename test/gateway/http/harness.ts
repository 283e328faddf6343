// The gateway as build() makes it, on a real SQLite file in a temp folder, with test profiles, a few
// users and units and a settable clock; supertest drives its HTTP app without a port (it listens on
// port 0 all the same, with its broker, as every gateway does once started).
import request from "supertest";
import { build, type Gateway } from "../../../gateway/app.js";
import { hashPassword } from "../../../gateway/auth/passwords.js";
import { SESSION_MS } from "../../../gateway/auth/sessions.js";
import type { Clock } from "../../../gateway/clock.js";
import { validateConfig } from "../../../gateway/config/load.js";
import { DOMAIN, type Domain, knownIds } from "../../../gateway/engine/domain.js";
import { createLogger } from "../../../gateway/log.js";
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
  gw: Gateway;
  /** the gateway's HTTP app */
  app: Gateway["http"];
  site: SiteStore;
  stores: SqliteStores;
  /** the SQLite file, for a second connection playing someone with access to the disk */
  dbFile: string;
  bus: Gateway["bus"];
  clock: ManualClock;
  /** stores readings and hands them to the engine, as ingest does */
  feed(readings: StoredReading[]): Promise<void>;
  /** a bearer token for the user */
  login(name: string): Promise<string>;
  get(path: string, name: string): Promise<request.Response>;
  post(path: string, name: string, body?: object): Promise<request.Response>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** the profiles and rule sets it runs (default: the test profiles above) */
  domain?: Domain;
  /** default: a folder with nothing built in it */
  dashboardDir?: string;
  /** the site's time zone (default UTC, whatever the machine's) */
  timeZone?: string;
}

/** The test profiles and rule set, with the rules the gateway runs (shared/rules). */
const TEST_DOMAIN: Domain = {
  ...DOMAIN,
  profiles: { [FREEZER.id]: FREEZER, [BOX.id]: BOX },
  ruleSets: { [RULES.id]: RULES },
};

const PEOPLE: [string, Role][] = [
  ["admin", "admin"],
  ["sam", "staff"],
  ["carl", "courier"],
  ["ana", "donor"],
  ["dora", "donor"],
];

let passwordHash: string | undefined;

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const dir: TempDir = tempDir();
  const domain = options.domain ?? TEST_DOMAIN;
  const loaded = validateConfig(
    {
      dataDir: dir.path("data"),
      site: { timeZone: options.timeZone ?? "UTC", ...(options.domain ? {} : { ruleSet: RULES.id }) },
      mqtt: { host: "127.0.0.1", port: 0 },
      http: { host: "127.0.0.1", port: 0 },
    },
    knownIds(domain),
  );
  if (!loaded.ok) throw new Error(loaded.errors.join("\n"));
  const stores = openSqliteStores(dir.path("site.db"));
  const site = stores.site;
  const clock = new ManualClock(T0);
  const gw = await build({
    ...{ config: loaded.config, domain, stores, clock, log: createLogger("warn", "test") },
    // not the checkout's dist/dashboard, which a build may or may not have made
    dashboardDir: options.dashboardDir ?? dir.path("dashboard-not-built"),
  });
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
  await gw.start();
  const app = gw.http;
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
    gw,
    app,
    site,
    stores,
    dbFile: dir.path("site.db"),
    bus: gw.bus,
    clock,
    login,
    feed: async (readings) => {
      await stores.readings.write(readings);
      gw.bus.emit("readings", readings);
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
    close: async () => {
      await gw.close();
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
