// Builds the whole gateway from its configuration, as a list of parts (part.ts), and never listens:
// build() opens the stores and makes every part; start() starts the parts in list order (the ports,
// the bus subscriptions, the timers); close() stops them in reverse and closes the stores, leaving
// every acknowledged reading on disk. No global state: a test builds two gateways side by side on
// port 0, each with its own clock and data folder.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Express } from "express";
import type { StorageProfile } from "../shared/profiles/types.js";
import { alertsPart } from "./alerts/start-alerts.js";
import type { AlertWorkflow } from "./alerts/workflow.js";
import { DeviceLinkPart } from "./broker/link-part.js";
import { EventBus } from "./bus.js";
import { type Clock, systemClock } from "./clock.js";
import type { GatewayConfig } from "./config/schema.js";
import { applyConfiguredUnits } from "./config/site-units.js";
import { deviceBroker } from "./devices/firmware-file.js";
import { createProvisioning, type DeviceProvisioning } from "./devices/provisioning.js";
import { type BatchActions, createBatchActions } from "./engine/batch-actions.js";
import { remembered } from "./engine/cached.js";
import type { Domain } from "./engine/domain.js";
import { createEngine, type Engine } from "./engine/engine.js";
import { enginePart, saveInTurns, tickInTurns } from "./engine/engine-part.js";
import { type ProfileCatalog, profileCatalog } from "./engine/profile-catalog.js";
import { HomeAssistantDiscovery } from "./homeassistant/home-assistant.js";
import { createHttpApp } from "./http/app.js";
import { HttpServerPart } from "./http/server.js";
import { LiveEvents } from "./http/sse.js";
import { deviceConfigText } from "./ingest/device-config.js";
import { markAllOffline } from "./ingest/device-state.js";
import { createIngest, type Ingest } from "./ingest/ingest.js";
import { ingestPart } from "./ingest/ingest-part.js";
import { createLogger, type Logger } from "./log.js";
import { Metrics } from "./metrics.js";
import { type Notifications, notificationsPart } from "./notify/notifications-part.js";
import type { Part } from "./part.js";
import { thawCheckpointKeeper } from "./reports/thaw-checkpoint-keeper.js";
import { openSqliteStores, type SqliteStores } from "./store/open-store.js";
import { rawRetentionTimer } from "./store/raw-retention-job.js";
import { openReadingsBackend } from "./store/readings-backend.js";
import type { ReadingsStore } from "./store/readings-store.js";
import type { SiteStore } from "./store/site-store.js";
import { reportStoreHealth } from "./store/store-health-report.js";
import { timersPart } from "./timers.js";
import { createTripActions, type TripActions } from "./trips/trip-actions.js";

export interface BuildOptions {
  config: Readonly<GatewayConfig>;
  /** the profiles, rule sets and rules it runs (engine/domain.ts DOMAIN; a test may give fixtures) */
  domain: Domain;
  /** defaults to the system clock */
  clock?: Clock;
  log?: Logger;
  /** defaults to the SQLite file in config.dataDir */
  stores?: SqliteStores;
  /** defaults to dist/dashboard */
  dashboardDir?: string;
}

export interface Gateway {
  readonly config: Readonly<GatewayConfig>;
  readonly clock: Clock;
  readonly log: Logger;
  readonly bus: EventBus;
  readonly metrics: Metrics;
  readonly site: SiteStore;
  readonly readings: ReadingsStore;
  /** the site's profiles (with its overrides) and its rule set */
  readonly catalog: ProfileCatalog;
  readonly engine: Engine;
  readonly ingest: Ingest;
  readonly alerts: AlertWorkflow;
  readonly batches: BatchActions;
  readonly devices: DeviceProvisioning;
  readonly trips: TripActions;
  /** alert notices: the webhook, e-mail and SMS on one delivery queue (gateway/notify) */
  readonly notifications: Notifications;
  /** the devices' MQTT: the embedded broker or an external one, open while started */
  readonly link: DeviceLinkPart;
  /** the HTTP API and the dashboard (supertest drives it without a port) */
  readonly http: Express;
  /** every feature, in start order */
  readonly parts: readonly Part[];
  /** the ports it listens on once started (0 before; mqttPort stays 0 with an external broker) */
  readonly httpPort: number;
  readonly mqttPort: number;
  /** http://localhost:<httpPort>/ */
  readonly url: string;
  /** starts every part in order; a part that fails to start stops the ones before it */
  start(): Promise<void>;
  /** stops the started parts in reverse order, then closes the stores */
  close(): Promise<void>;
}

const VERSION = "0.1.0";
/** how often device sequences and last-seen times are written */
const DEVICE_FLUSH_MS = 1000;

export async function build(options: BuildOptions): Promise<Gateway> {
  const { config, domain } = options;
  const clock = options.clock ?? systemClock;
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
  const profileOf = remembered((unitId) => {
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
    ...{ site, bus, clock, metrics, log: log.child("engine"), rules: domain.rules },
    contextFor: (unitId) => {
      const profile = profileOf(unitId);
      const ruleSet = catalog.ruleSet();
      return profile && ruleSet ? { unitId, profile, ruleSet } : undefined;
    },
  });
  const alerts = alertsPart({ config, site, bus, clock, metrics, log });
  const batches = createBatchActions({ site, bus, clock, engine });
  const devices = createProvisioning({
    ...{ site, bus, clock },
    defaultIntervalS: (unitId) => profileOf(unitId)?.intervalS.value ?? 60,
    broker: (host) => deviceBroker(config.mqtt, link.mqttPort, host),
  });
  const trips = createTripActions({ site, readings, batches, bus, clock, profiles: catalog });
  const live = new LiveEvents(bus);
  // notifications (issue 14): the webhook, e-mail and SMS, routed to people, on one delivery queue
  const notifications = notificationsPart({
    ...{ config, site, readings, bus, clock, metrics, log: log.child("notify"), profiles: catalog },
    warmNow: (unitId) => (engine.conditions(unitId).excursion ?? null) !== null,
    silentNow: (unitId) => engine.conditions(unitId).silent === true,
  });
  const app = createHttpApp({
    ...{ site, readings, bus, clock, batches, devices, trips, live, alerts: alerts.workflow },
    ...{ profiles: catalog, log: log.child("http"), renderMetrics: () => metrics.render() },
    conditionsOf: (unitId) => engine.conditions(unitId),
    notifications,
    display: {
      timeZone: config.site.timeZone,
      language: config.site.language,
      temperatureUnit: config.site.temperatureUnit,
    },
    health: () => ({
      store: {
        ...stores.health.status(),
        waitingReadings: stores.waitingReadings(),
        spool: backend.spoolStatus() ?? null,
      },
      broker: link.health(),
    }),
    ...(options.dashboardDir ? { dashboardDir: options.dashboardDir } : {}),
  });
  const http = new HttpServerPart(app, config.http);
  const link = new DeviceLinkPart({
    ...{ mqtt: config.mqtt, homeAssistant: config.homeAssistant, http: http.server, metrics, log },
    findDevice: (id) => site.devices.get(id),
    saveSecretHash: (deviceId, secretHash) => {
      const device = site.devices.get(deviceId);
      if (!device) return;
      site.devices.put({ ...device, secretHash });
      bus.emit("device", { ...device, secretHash });
    },
  });
  const ingest = createIngest({
    ...{ prefix: config.mqtt.prefix, link, site, readings, bus, clock, metrics },
    log: log.child("ingest"),
    requireMac: config.mqtt.requireMac,
    configFor: (device) => deviceConfigText(device, profileOf(device.unitId), clock.now()),
  });
  const { homeAssistant } = config;

  // Start order. The engine listens to readings first: the alerts and the pages read its verdict.
  // A new notifier is one more channel of the notifications part (gateway/notify).
  const parts: Part[] = [
    enginePart(engine, bus, storeReport),
    alerts,
    notifications,
    trips.lateReadings,
    ingestPart(ingest, { link, stopHolding: () => stores.stopHolding(), report: storeReport }),
    http,
    live,
    link,
    ...(homeAssistant.enabled
      ? [
          new HomeAssistantDiscovery({
            ...{ link, site, readings, bus, log: log.child("homeassistant") },
            options: {
              prefix: config.mqtt.prefix,
              discoveryPrefix: homeAssistant.discoveryPrefix,
              version: VERSION,
            },
            conditionsOf: (unitId) => engine.conditions(unitId),
          }),
        ]
      : []),
    thawCheckpointKeeper({
      site,
      readings,
      now: () => clock.now(),
      log: log.child("thaw"),
      report: storeReport,
    }),
    timersPart(
      [
        {
          name: "rule tick",
          everyMs: config.engine.tickSeconds * 1000,
          work: tickInTurns(engine, () => site.units.list().map((unit) => unit.id), storeReport),
        },
        {
          name: "rule state save",
          everyMs: config.engine.saveEverySeconds * 1000,
          work: saveInTurns(engine, storeReport),
        },
        { name: "device state flush", everyMs: DEVICE_FLUSH_MS, work: () => ingest.flushDevices() },
        {
          name: "weekly digest",
          everyMs: config.notifications.weeklyDigest.checkEverySeconds * 1000,
          work: () => notifications.weeklyDigest.due(),
        },
        ...rawRetentionTimer({
          ...{ keepDays: config.readings.keepRawReadingsDays, site, retention: stores.retention },
          ...{ now: () => clock.now(), log: log.child("retention"), report: storeReport },
        }),
      ],
      storeReport,
    ),
  ];

  const started: Part[] = [];
  async function stopStarted(): Promise<void> {
    for (const part of started.splice(0).reverse()) {
      try {
        await part.stop();
      } catch (err) {
        log.error(`stopping ${part.name} failed`, err);
      }
    }
  }

  const gateway: Gateway = {
    ...{ config, clock, log, bus, metrics, site, readings, catalog },
    ...{ engine, ingest, alerts: alerts.workflow, batches, devices, trips, link, http: app, parts },
    notifications,
    get httpPort() {
      return http.port;
    },
    get mqttPort() {
      return link.mqttPort;
    },
    get url() {
      return `http://localhost:${http.port}/`;
    },
    async start() {
      for (const part of parts) {
        try {
          await part.start();
        } catch (err) {
          // the caller says why (main.ts: one line); nothing half-started keeps the process alive
          await stopStarted();
          throw err;
        }
        started.push(part);
      }
    },
    async close() {
      await stopStarted();
      if (readings !== stores.readings) await readings.close();
      stores.close();
    },
  };
  // The demo plays a site's sensors against this gateway: last, once it listens. Loaded only when on.
  if (config.demo.enabled) parts.push((await import("./demo/run.js")).demoPart(gateway));
  return gateway;
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
