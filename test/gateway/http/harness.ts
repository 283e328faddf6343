// A gateway HTTP app on a real SQLite file in a temp folder, with a few users, units and a settable
// clock; supertest drives it without a port.
import { randomBytes, randomUUID } from "node:crypto";
import type { Express } from "express";
import request from "supertest";
import { hashPassword } from "../../../gateway/auth/passwords.js";
import { EventBus } from "../../../gateway/bus.js";
import { conflict, notFound } from "../../../gateway/errors.js";
import { createHttpApp } from "../../../gateway/http/app.js";
import { profileCatalog } from "../../../gateway/reports/profile-catalog.js";
import type { AlertActions, BatchActions, Clock, DeviceProvisioning } from "../../../gateway/services.js";
import { openSqliteStores, type SqliteStores } from "../../../gateway/store/open-store.js";
import type { Alert, Batch, Role } from "../../../gateway/store/records.js";
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
  bus: EventBus;
  clock: ManualClock;
  /** a bearer token for the user */
  login(name: string): Promise<string>;
  get(path: string, name: string): Promise<request.Response>;
  post(path: string, name: string, body?: object): Promise<request.Response>;
  close(): void;
}

// Small real implementations on SiteStore until the gateway's own (gateway/alerts, gateway/engine)
// are committed.
function actions(site: SiteStore, bus: EventBus, clock: Clock) {
  const audit = (actor: string, action: string, subject: string, details: Record<string, unknown>) =>
    site.audit.append({ atMs: clock.now(), actor, action, subject, details });
  const alertById = (id: string): Alert =>
    site.alerts.get(id) ??
    (() => {
      throw notFound("alert", id);
    })();
  const batchById = (id: string): Batch =>
    site.batches.get(id) ??
    (() => {
      throw notFound("batch", id);
    })();
  const alerts: AlertActions = {
    acknowledge(id, by, comment) {
      const alert: Alert = {
        ...alertById(id),
        state: "acknowledged",
        ack: { by, atMs: clock.now(), comment },
      };
      if (alertById(id).state !== "open") throw conflict("not open");
      site.transaction(() => {
        site.alerts.put(alert);
        audit(by, "alert.acknowledged", `alert:${id}`, { comment });
      });
      bus.emit("alert", alert);
      return alert;
    },
    resolve(id, by, correctiveAction) {
      if (alertById(id).state === "resolved") throw conflict("already resolved");
      const alert: Alert = {
        ...alertById(id),
        state: "resolved",
        resolution: { by, atMs: clock.now(), correctiveAction },
      };
      site.transaction(() => {
        site.alerts.put(alert);
        audit(by, "alert.resolved", `alert:${id}`, { correctiveAction });
      });
      bus.emit("alert", alert);
      return alert;
    },
  };
  const move = (batch: Batch, toUnitId: string | null, by: string, note?: string): Batch => {
    const moved = { ...batch, unitId: toUnitId };
    site.transaction(() => {
      site.batches.put(moved);
      site.batches.recordMove({
        batchId: batch.id,
        fromUnitId: batch.unitId,
        toUnitId,
        atMs: clock.now(),
        by,
        ...(note ? { note } : {}),
      });
      audit(by, "batch.moved", `batch:${batch.id}`, { toUnitId });
    });
    bus.emit("batch", moved);
    return moved;
  };
  const batches: BatchActions = {
    register(input, by) {
      const batch: Batch = {
        ...input,
        id: randomUUID(),
        unitId: null,
        thaw: { milkTempC: -20, iceFraction: 1, phase: "frozen", lastUpdateMs: clock.now() },
        createdAtMs: clock.now(),
      };
      return move(batch, input.unitId, by, "registered");
    },
    move: (id, toUnitId, by, note) => move(batchById(id), toUnitId, by, note),
    discard(id, by, reason) {
      const b = batchById(id);
      const discarded: Batch = {
        ...b,
        unitId: null,
        thaw: { ...b.thaw, phase: "discard", discardReason: reason },
      };
      site.transaction(() => {
        site.batches.put(discarded);
        audit(by, "batch.discarded", `batch:${id}`, { reason });
      });
      return discarded;
    },
  };
  const devices: DeviceProvisioning = {
    create(input, by) {
      const device = {
        id: input.id ?? randomUUID(),
        unitId: input.unitId,
        secretHash: "scrypt$x",
        hmacKey: "k",
        intervalS: input.intervalS ?? 60,
        online: false,
        ackedUpTo: 0,
        createdAtMs: clock.now(),
      };
      site.devices.put(device);
      audit(by, "device.provisioned", `device:${device.id}`, {});
      return { device, password: randomBytes(12).toString("hex"), hmacKey: "k" };
    },
  };
  return { alerts, batches, devices };
}

const PEOPLE: [string, Role][] = [
  ["admin", "admin"],
  ["sam", "staff"],
  ["carl", "courier"],
  ["ana", "donor"],
  ["dora", "donor"],
];

let passwordHash: string | undefined;

export async function startHarness(): Promise<Harness> {
  const dir: TempDir = tempDir();
  const stores = openSqliteStores(dir.path("site.db"));
  const site = stores.site;
  const bus = new EventBus({ error: (m, e) => console.error(m, e) });
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
  const app = createHttpApp({
    site,
    readings: stores.readings,
    bus,
    clock,
    ...actions(site, bus, clock),
    profiles: profileCatalog({ [FREEZER.id]: FREEZER, [BOX.id]: BOX }, { [RULES.id]: RULES }, RULES.id),
    log: { error: (m, e) => console.error(m, e) },
  });
  const tokens = new Map<string, string>();
  const login = async (name: string) => {
    const known = tokens.get(name);
    if (known) return known;
    const res = await request(app).post("/api/login").send({ name, password: PASSWORD });
    if (res.status !== 200) throw new Error(`login ${name}: ${res.status} ${JSON.stringify(res.body)}`);
    tokens.set(name, res.body.data.token);
    return res.body.data.token as string;
  };
  return {
    app,
    site,
    stores,
    bus,
    clock,
    login,
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
