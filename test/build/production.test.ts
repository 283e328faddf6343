// A real site's way to run MilkGuard (README, "Running a real site"): build once, prune the dev
// dependencies, start the gateway with plain `node`. The built app is put in a folder of its own with
// only package.json, the lock file, dist/ and the installed packages (hard links, so better-sqlite3
// is not compiled again), pruned by `npm prune --omit=dev` itself; so a gateway that still needed
// the sources, a compiler or the firmware's tools at run time would not start here.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, sep } from "node:path";
import { promisify } from "node:util";
import mqtt from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoDeviceId, demoDevicePassword } from "../../gateway/demo/seed.js";
import { buildDashboard } from "../../scripts/build-dashboard.js";
import { buildGateway } from "../../scripts/build-gateway.js";

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, "..", "..");
/** the compiler, the bundler and the flashing tool (with its Bluetooth and USB modules) */
const BUILD_TOOLS = ["tsx", "typescript", "esbuild", "espruino"];
/** native modules that talk to Bluetooth or USB (EspruinoTools' optional dependencies) */
const RADIO_OR_USB = /noble|bluetooth|serialport|usb/i;

const app = mkdtempSync(join(tmpdir(), "mg-production-"));
let gateway: ChildProcess | undefined;
let output = "";

beforeAll(async () => {
  await buildDashboard(join(app, "dist", "dashboard"));
  await buildGateway(app);
  for (const file of ["package.json", "package-lock.json"]) copyFileSync(join(ROOT, file), join(app, file));
  // hard links where the temporary folder is on the checkout's file system, else a copy
  const packages = [join(ROOT, "node_modules"), join(app, "node_modules")];
  await run("cp", ["-al", ...packages]).catch(async () => {
    rmSync(packages[1] as string, { recursive: true, force: true });
    await run("cp", ["-a", ...packages]);
  });
  // npm rewrites this file where it stands: a real copy, so the checkout's stays as it is
  copyFileSync(
    join(ROOT, "node_modules", ".package-lock.json"),
    join(app, "node_modules", ".package-lock.json"),
  );
  await run("npm", ["prune", "--omit=dev", "--offline", "--ignore-scripts", "--no-audit", "--no-fund"], {
    cwd: app,
  });
});

afterAll(async () => {
  if (gateway?.exitCode === null) {
    const exited = new Promise((resolve) => gateway?.once("exit", resolve));
    gateway.kill("SIGTERM");
    await exited;
  }
  rmSync(app, { recursive: true, force: true });
});

/** the packages installed at the top of node_modules, scoped ones as "@scope/name" */
function installed(): string[] {
  const top = join(app, "node_modules");
  return readdirSync(top).flatMap((name) =>
    name.startsWith("@") ? readdirSync(join(top, name)).map((n) => `${name}/${n}`) : [name],
  );
}

/** every native module (.node file) left in the pruned packages */
function nativeModules(): string[] {
  return readdirSync(join(app, "node_modules"), { recursive: true, encoding: "utf8" }).filter((f) =>
    f.endsWith(".node"),
  );
}

describe("the built gateway, with only its production dependencies", () => {
  it("has no build tool and no Bluetooth or USB module installed", () => {
    const packages = installed();
    expect(packages).toContain("better-sqlite3");
    expect(packages.filter((p) => BUILD_TOOLS.includes(p) || p.startsWith("@esbuild/"))).toEqual([]);
    expect(nativeModules().filter((f) => RADIO_OR_USB.test(f))).toEqual([]);
    // the one it needs is there, as built at install time
    expect(nativeModules()).toContain(
      ["better-sqlite3", "build", "Release", "better_sqlite3.node"].join(sep),
    );
    expect(readdirSync(app).sort()).toEqual(["dist", "node_modules", "package-lock.json", "package.json"]);
  });

  it("starts with node: /healthz answers and the demo's sensors connect to its MQTT port", async () => {
    // the environment of a site without a configuration file: the demo, on free ports
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("MILKGUARD_")));
    gateway = spawn(process.execPath, [join("dist", "gateway", "main.js")], {
      cwd: app,
      env: { ...env, MILKGUARD_HTTP_PORT: "0", MILKGUARD_MQTT_PORT: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const keep = (b: Buffer) => {
      output += b.toString();
    };
    gateway.stdout?.on("data", keep);
    gateway.stderr?.on("data", keep);
    await expect.poll(() => output, { timeout: 30_000, interval: 100 }).toMatch(/Stop with Ctrl\+C/);
    expect(output).not.toMatch(/cannot start/);
    const port = (pattern: RegExp) => Number(pattern.exec(output)?.[1]);
    const http = `http://127.0.0.1:${port(/Dashboard: +http:\/\/localhost:(\d+)/)}`;
    const mqttUrl = `mqtt://127.0.0.1:${port(/MQTT: +mqtt:\/\/localhost:(\d+)/)}`;

    const health = async () => (await fetch(`${http}/healthz`)).json() as Promise<HealthAnswer>;
    expect((await health()).status).toBe("ok");
    // the five units' sensors run the prebuilt firmware in the simulation, over MQTT
    await expect
      .poll(async () => (await health()).data.broker.connected, { timeout: 30_000, interval: 250 })
      .toBe(5);
    expect((await fetch(`${http}/`)).status).toBe(200);

    const id = demoDeviceId("anna-freezer");
    const device = await mqtt.connectAsync(mqttUrl, {
      clientId: id,
      username: id,
      password: demoDevicePassword("anna-freezer"),
      reconnectPeriod: 0,
    });
    expect(device.connected).toBe(true);
    await device.endAsync();
  });
});

describe("the operator's tool on the pruned site", () => {
  it("npm run admin runs with node, all its imports there", async () => {
    const { stdout } = await run("npm", ["run", "--silent", "admin", "--", "--help"], { cwd: app });
    expect(stdout).toMatch(/^usage: npm run admin -- create NAME/);
  });
});

interface HealthAnswer {
  status: string;
  data: { broker: { connected: number } };
}
