// Builds the whole gateway from its configuration: stores, device link (embedded broker or an
// external one), ingest, engine, alerts, HTTP. No global state: a test can build two gateways side
// by side on port 0. `close()` undoes everything and leaves every acknowledged reading on disk.
import { mkdirSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import type { RuleSet, StorageProfile } from "../shared/profiles/types.js";
import { startAlerts } from "./alerts/start-alerts.js";
import { openDeviceLink } from "./broker/open-link.js";
import { EventBus } from "./bus.js";
import type { GatewayConfig } from "./config/schema.js";
import { applyConfiguredUnits } from "./config/site-units.js";
import { createProvisioning } from "./devices/provisioning.js";
import { createBatchActions } from "./engine/batch-actions.js";
import { cachedFor } from "./engine/cached.js";
import { createEngine, type RulesApi } from "./engine/engine.js";
import { HomeAssistantDiscovery } from "./homeassistant/home-assistant.js";
import { createHttpApp } from "./http/app.js";
import { deviceConfigText } from "./ingest/device-config.js";
import { markAllOffline } from "./ingest/device-state.js";
import { createIngest } from "./ingest/ingest.js";
import { createLogger, type Logger } from "./log.js";
import { Metrics } from "./metrics.js";
import { type ProfileCatalog, profileCatalog } from "./reports/profile-catalog.js";
import type { Clock } from "./services.js";
import { openSqliteStores, type SqliteStores } from "./store/open-store.js";
import { openReadingsBackend } from "./store/readings-backend.js";
import { reportStoreHealth } from "./store/store-health-report.js";
import { createTripActions } from "./trips/trip-actions.js";

/** The pure domain the gateway runs: shared/profiles and shared/rules (see engine/domain.ts). */
export interface Domain {
  profiles: Record<string, StorageProfile>;
  ruleSets: Record<string, RuleSet>;
  rules: RulesApi;
  withOverrides(
    profile: StorageProfile,
    overrides: Partial<Record<keyof StorageProfile, number>>,
  ): StorageProfile;
}

export interface BuildOptions {
  config: Readonly<GatewayConfig>;
  domain: Domain;
  clock?: Clock;
  log?: Logger;
  /** defaults to the SQLite file in config.dataDir */
  stores?: SqliteStores;
  dashboardDir?: string;
}

export type Gateway = Awaited<ReturnType<typeof build>>;

const VERSION = "0.1.0";
/** how long a unit's profile is remembered (see engine/cached.ts) */
const UNIT_CACHE_MS = 5_000;

export async function build(options: BuildOptions) {
  const { config, domain } = options;
  const clock = options.clock ?? { now: () => Date.now() };
  const log = options.log ?? createLogger(config.log.level);
  const stores = options.stores ?? openDataDir(config.dataDir);
  const { site } = stores;
  applyConfiguredUnits(site, config.units, clock);
  markAllOffline(site);
  const bus = new EventBus(log.child("bus"));
  const metrics = new Metrics();
  const storeReport = reportStoreHealth(stores.health, {
    log: log.child("store"),
    metrics,
    waitingReadings: () => stores.waitingReadings(),
  });
  const catalog = siteCatalog(config, domain);
  const profileOf = cachedFor(UNIT_CACHE_MS, clock, (unitId) => {
    const unit = site.units.get(unitId);
    return unit ? catalog.profile(unit.profileId) : undefined;
  });
  const tags = { site: config.site.name, profileOf: (unitId: string) => site.units.get(unitId)?.profileId };
  const backend = await openReadingsBackend(config.readings, {
    sqliteReadings: stores.readings,
    spool: site.spool,
    tags,
    log: log.child("readings"),
  });
  const readings = backend.readings;

  const engine = createEngine({
    site,
    bus,
    clock,
    log: log.child("engine"),
    rules: domain.rules,
    metrics,
    contextFor: (unitId) => {
      const profile = profileOf(unitId);
      const ruleSet = catalog.ruleSet();
      return profile && ruleSet ? { unitId, profile, ruleSet } : undefined;
    },
  });
  bus.on("readings", "engine", (stored) => engine.readings(stored));
  const alertSide = startAlerts({ config, site, bus, clock, metrics, log });
  const alerts = alertSide.workflow;
  const batches = createBatchActions({ site, bus, clock, engine });
  const devices = createProvisioning({
    site,
    bus,
    clock,
    defaultIntervalS: (unitId) => profileOf(unitId)?.intervalS.value ?? 60,
  });
  const trips = createTripActions({ site, readings, batches, bus, clock, profiles: catalog });

  let linkHealth = (): { ok: boolean; connected?: number } => ({ ok: false });
  const app = createHttpApp({
    ...{
      site,
      readings,
      bus,
      clock,
      alerts,
      batches,
      devices,
      trips,
      profiles: catalog,
      log: log.child("http"),
    },
    conditionsOf: (unitId) => engine.conditions(unitId),
    renderMetrics: () => metrics.render(),
    health: () => ({
      store: {
        ...stores.health.status(),
        waitingReadings: stores.waitingReadings(),
        spool: backend.spoolStatus() ?? null,
      },
      broker: linkHealth(),
    }),
    ...(options.dashboardDir ? { dashboardDir: options.dashboardDir } : {}),
  });
  const http = await listenHttp(createServer(app), config.http.port, config.http.host);
  const link = await openDeviceLink({
    mqtt: config.mqtt,
    homeAssistant: config.homeAssistant,
    http,
    findDevice: (id) => site.devices.get(id),
    metrics,
    log,
  });
  linkHealth = link.health;
  const ingest = createIngest({
    ...{ prefix: config.mqtt.prefix, link: link.link, site, readings, bus, clock, metrics },
    log: log.child("ingest"),
    requireMac: config.mqtt.requireMac,
    configFor: (device) => deviceConfigText(device, profileOf(device.unitId), clock.now()),
  });
  link.link.onMessage((topic, payload) => ingest.handle(topic, payload));
  const homeAssistant = config.homeAssistant.enabled
    ? new HomeAssistantDiscovery({
        link: link.link,
        site,
        readings,
        bus,
        log: log.child("homeassistant"),
        options: discoveryOptions(config),
        conditionsOf: (unitId) => engine.conditions(unitId),
      })
    : undefined;
  await homeAssistant?.start();

  // A timer's work never throws out of it (that would stop the gateway): what the store refuses is
  // kept for a later round (the engine keeps unsaved units) and reported once (store-health-report.ts).
  const safely = (part: string, work: () => void) => () => {
    try {
      work();
    } catch (err) {
      storeReport.caught(part, err);
    }
  };
  const every = (ms: number, part: string, work: () => void) => setInterval(safely(part, work), ms).unref();
  const timers = [
    every(config.engine.tickSeconds * 1000, "rule tick", () => engine.tick()),
    every(config.engine.saveEverySeconds * 1000, "rule state save", () => engine.save()),
    every(1000, "device state flush", () => ingest.flushDevices()),
  ];
  const httpPort = (http.address() as { port: number }).port;

  async function close(): Promise<void> {
    for (const t of timers) clearInterval(t);
    alertSide.stop();
    homeAssistant?.stop();
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
    await link.close();
    // Readings waiting for a locked or full file are not acked; their devices send them again.
    stores.stopHolding();
    await ingest.idle();
    safely("device state flush", () => ingest.flushDevices())();
    safely("rule state save", () => engine.save())();
    if (readings !== stores.readings) await readings.close();
    stores.close();
  }

  return {
    ...{ config, mqttPort: link.mqttPort, httpPort, url: `http://localhost:${httpPort}/` },
    ...{ site, readings, bus, metrics, clock, log, catalog, link: link.link },
    ...{ ingest, engine, alerts, batches, devices, trips, webhook: alertSide.webhook },
    escalateNow: alertSide.escalateNow,
    close,
  };
}

function discoveryOptions(config: Readonly<GatewayConfig>) {
  return {
    prefix: config.mqtt.prefix,
    discoveryPrefix: config.homeAssistant.discoveryPrefix,
    version: VERSION,
  };
}

function openDataDir(dataDir: string): SqliteStores {
  mkdirSync(dataDir, { recursive: true });
  return openSqliteStores(join(dataDir, "milkguard.db"));
}

function siteCatalog(config: Readonly<GatewayConfig>, domain: Domain): ProfileCatalog {
  const profiles: Record<string, StorageProfile> = {};
  for (const [id, profile] of Object.entries(domain.profiles)) {
    const overrides = config.profiles[id];
    profiles[id] = overrides ? domain.withOverrides(profile, overrides) : profile;
  }
  return profileCatalog(profiles, domain.ruleSets, config.site.ruleSet);
}

function listenHttp(server: Server, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve(server));
  });
}
