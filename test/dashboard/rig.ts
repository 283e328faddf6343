// The dashboard against a real gateway: the page built with the project's own build script into a
// temp folder, build() on a temp SQLite file with real aedes over TCP, the demo's people, units and
// bags, simulated sensors speaking MQTT, and Debian's Chromium driven by playwright-core.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import mqtt, { type MqttClient } from "mqtt";
import { type Browser, chromium, type Page } from "playwright-core";
import { build, type Gateway } from "../../gateway/app.js";
import { validateConfig } from "../../gateway/config/load.js";
import { DEMO_USERS, demoDeviceId, demoDevicePassword, seedBags, seedSite } from "../../gateway/demo/seed.js";
import { createBatchActions } from "../../gateway/engine/batch-actions.js";
import { DOMAIN, knownIds } from "../../gateway/engine/domain.js";
import { createLogger } from "../../gateway/log.js";
import { buildDashboard } from "../../scripts/build-dashboard.js";
import { MAX_READINGS_PER_BATCH } from "../../shared/protocol/limits.js";

export const ARTIFACTS = join(import.meta.dirname, "..", "artifacts");

/** the flags this machine needs: no sandbox as root, and no calls home (the network is closed) */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function launchChromium(): Promise<Browser> {
  // launch() gives every run a fresh, temporary user-data dir
  return chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
}

/**
 * A gateway serving the freshly built dashboard. Pass the `dir` and `httpPort` of an earlier one to
 * restart it on the same data and address (the page in the browser keeps its origin).
 */
export async function startGateway(
  restart: { dir: string; httpPort: number } | undefined = undefined,
  /** the config's site section (its time zone, language, unit) */
  site: Record<string, string> = {},
): Promise<{ gw: Gateway; dir: string; remove(): void }> {
  const dir = restart?.dir ?? mkdtempSync(join(tmpdir(), "mg-dashboard-"));
  const dashboardDir = restart ? join(dir, "dashboard") : await buildDashboard(join(dir, "dashboard"));
  const loaded = validateConfig(
    {
      site,
      dataDir: join(dir, "data"),
      mqtt: { host: "127.0.0.1", port: 0 },
      http: { host: "127.0.0.1", port: restart?.httpPort ?? 0 },
      log: { level: "silent" },
    },
    knownIds(DOMAIN),
  );
  if (!loaded.ok) throw new Error(loaded.errors.join("\n"));
  const gw = await build({
    config: loaded.config,
    domain: DOMAIN,
    log: createLogger("silent"),
    dashboardDir,
  });
  await gw.start();
  return { gw, dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The demo's people, units and devices, and its bags registered `bagsAgoMs` before now. */
export async function seedDemo(gw: Gateway, bagsAgoMs: number): Promise<void> {
  await seedSite(gw.site, gw.clock, (profileId) => gw.catalog.profile(profileId)?.intervalS.value ?? 60);
  const atMs = gw.clock.now() - bagsAgoMs;
  const backdated = createBatchActions({
    site: gw.site,
    bus: gw.bus,
    clock: { now: () => atMs },
    engine: gw.engine,
  });
  seedBags(gw.site, backdated, atMs);
}

export const password = (name: string) => {
  const user = DEMO_USERS.find((u) => u.name === name);
  if (!user) throw new Error(`no demo user ${name}`);
  return user.password;
};

/** A unit's probe speaking MQTT as a device does: readings with sequence numbers, in acked batches. */
export class Probe {
  private constructor(
    private readonly gw: Gateway,
    private readonly client: MqttClient,
    readonly deviceId: string,
    /** a device's sequence survives its reboots: the gateway drops a number it has already stored */
    private seq: number,
  ) {}

  static async connect(gw: Gateway, unitId: string): Promise<Probe> {
    const deviceId = demoDeviceId(unitId);
    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${gw.mqttPort}`, {
      username: deviceId,
      password: demoDevicePassword(unitId),
      clientId: deviceId,
      reconnectPeriod: 0,
    });
    return new Probe(gw, client, deviceId, (gw.site.devices.get(deviceId)?.ackedUpTo ?? -1) + 1);
  }

  /** `points` are [event time ms, air C]; sent in batches, each awaited (QoS 1) and stored */
  async send(points: [number, number][]): Promise<void> {
    for (let i = 0; i < points.length; i += MAX_READINGS_PER_BATCH) {
      const r = points
        .slice(i, i + MAX_READINGS_PER_BATCH)
        .map(([timeMs, c]) => ({ s: this.seq++, t: Math.floor(timeMs / 1000), c }));
      const payload = JSON.stringify({ v: 1, boot: 1, up: 100, now: Math.floor(Date.now() / 1000), r });
      await this.client.publishAsync(`milkguard/${this.deviceId}/readings`, payload, { qos: 1 });
    }
    await this.gw.ingest.idle();
  }

  close(): Promise<void> {
    return this.client.endAsync(true);
  }
}

/** every minute from `fromMs` up to now, at the air the scenario gives */
export function minutes(fromMs: number, toMs: number, airC: (timeMs: number) => number): [number, number][] {
  const points: [number, number][] = [];
  for (let t = fromMs; t <= toMs; t += 60_000) points.push([t, Math.round(airC(t) * 16) / 16]);
  return points;
}

/** signs in through the login form and waits for the first page */
export async function signIn(page: Page, baseUrl: string, name: string): Promise<void> {
  await page.goto(baseUrl);
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Password").fill(password(name));
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.locator("nav").waitFor();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}
