// The demo's logins and sensors have their passwords printed in the README: outside demo mode none
// of them may work, even on a data folder that once ran the demo, and a sensor that cannot sign its
// readings gets nothing past requireMac. `npm start`'s own program (gateway/main.ts) is started here
// as a site would start it, with a configuration file.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import mqtt from "mqtt";
import { afterEach, describe, expect, it } from "vitest";
import { build, type Gateway } from "../../../gateway/app.js";
import { startSession } from "../../../gateway/auth/sessions.js";
import { createUser } from "../../../gateway/auth/users.js";
import { validateConfig } from "../../../gateway/config/load.js";
import { demoDeviceId, demoDevicePassword, seedSite } from "../../../gateway/demo/seed.js";
import { DOMAIN, knownIds } from "../../../gateway/engine/domain.js";
import { openSqliteStores } from "../../../gateway/store/open-store.js";
import { connectDevice, quiet, readingsPayload, removeDir } from "../core/ingest-rig.js";

const clock = { now: () => Date.now() };
const dirs: string[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
  for (const dir of dirs.splice(0)) removeDir(dir);
});

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "mg-demo-"));
  dirs.push(dir);
  return dir;
}

const site = (dir: string) => ({ dataDir: dir, http: { host: "127.0.0.1", port: 0 } });

/** main.ts with a configuration file, until it prints its ports; stopped by its PID afterwards */
async function startMain(config: object) {
  const file = join(dataDir(), "milkguard.json");
  writeFileSync(file, JSON.stringify(config));
  const child: ChildProcess = spawn(
    process.execPath,
    ["--import", "tsx", "gateway/main.ts", "--config", file],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  cleanups.push(async () => {
    child.kill("SIGTERM");
    await exited;
  });
  let out = "";
  child.stdout?.on("data", (b: Buffer) => {
    out += b.toString();
  });
  child.stderr?.on("data", (b: Buffer) => {
    out += b.toString();
  });
  await expect.poll(() => out, { timeout: 30_000, interval: 100 }).toMatch(/Stop with Ctrl\+C/);
  const port = (pattern: RegExp) => Number(pattern.exec(out)?.[1]);
  return {
    http: `http://127.0.0.1:${port(/Dashboard: +http:\/\/localhost:(\d+)/)}`,
    mqttPort: port(/MQTT: +mqtt:\/\/localhost:(\d+)/),
    output: () => out,
  };
}

const login = (http: string, name: string, password: string) =>
  fetch(`${http}/api/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ name, password }),
  });

describe("demo accounts outside demo mode", () => {
  it("are disabled, with a warning, when a real configuration starts on the demo's data folder", async () => {
    const dir = dataDir();
    const stores = openSqliteStores(join(dir, "milkguard.db"));
    await seedSite(stores.site, clock, () => 60);
    await createUser(stores.site, {
      name: "nora",
      displayName: "Nora",
      role: "admin",
      password: "nora's own password",
    });
    const demoSession = startSession(stores.site, "admin", Date.now());
    stores.close();

    const gw = await startMain({
      ...site(dir),
      mqtt: { host: "127.0.0.1", port: 0 },
      log: { level: "warn" },
    });
    expect((await login(gw.http, "admin", "milkguard-admin")).status).toBe(401);
    expect((await login(gw.http, "anna", "milkguard-anna")).status).toBe(401);
    const me = await fetch(`${gw.http}/api/me`, { headers: { Authorization: `Bearer ${demoSession}` } });
    expect(me.status).toBe(401);
    expect((await login(gw.http, "nora", "nora's own password")).status).toBe(200);
    const device = demoDeviceId("anna-freezer");
    await expect(
      mqtt.connectAsync(`mqtt://127.0.0.1:${gw.mqttPort}`, {
        username: device,
        password: demoDevicePassword("anna-freezer"),
        clientId: device,
        reconnectPeriod: 0,
      }),
    ).rejects.toThrow(/Not authorized|Bad username or password/);
    expect(gw.output()).toMatch(/demo mode is off.*disabled/);
    expect(gw.output()).toMatch(/anna-freezer-probe/);
    expect(gw.output()).toMatch(/demo\.enabled: true/);
  }, 60_000);
});

describe("requireMac", () => {
  it("refuses the readings of a sensor that has no key to sign them with (a demo sensor)", async () => {
    const dir = dataDir();
    const loaded = validateConfig(
      { ...site(dir), mqtt: { host: "127.0.0.1", port: 0, requireMac: true }, log: { level: "silent" } },
      knownIds(DOMAIN),
    );
    if (!loaded.ok) throw new Error(loaded.errors.join("\n"));
    const gw: Gateway = await build({ config: loaded.config, domain: DOMAIN, log: quiet });
    await gw.start();
    cleanups.push(() => gw.close());
    await seedSite(gw.site, clock, () => 60);
    const id = demoDeviceId("anna-freezer");
    const device = await connectDevice(gw.mqttPort, id, demoDevicePassword("anna-freezer"));
    cleanups.unshift(() => device.endAsync());
    const nowS = Math.floor(Date.now() / 1000);
    await device.publishAsync(`milkguard/${id}/readings`, readingsPayload([0, 1, 2], nowS - 180), { qos: 1 });
    await expect
      .poll(() => gw.metrics.value("milkguard_readings_rejected_total", { reason: "mac_key_missing" }))
      .toBe(1);
    expect(await gw.readings.latest("anna-freezer")).toBeUndefined();
  });
});
