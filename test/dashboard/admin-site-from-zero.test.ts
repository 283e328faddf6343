// A real site from zero, as a milk bank would start one, against the real `npm start` program and
// in Debian's Chromium: a config with no users prints a setup link; the link creates the first admin,
// who signs in, adds a freezer and a sensor, and downloads the sensor's config file; a simulated
// sensor started from that file (`npm run devices -- --device FILE`) reports and shows online. The
// demo's logins do not exist there, and `npm run admin` adds an account while the gateway runs.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_USERS } from "../../gateway/demo/seed.js";
import { buildDashboard } from "../../scripts/build-dashboard.js";
import type { FirmwareFile } from "../../shared/api/answers.js";
import { launchChromium, screenshot } from "./rig.js";

const ROOT = join(import.meta.dirname, "..", "..");
const TSX = join(ROOT, "node_modules", ".bin", "tsx");
const WAIT = { timeout: 30_000 };
const ADMIN = { name: "nora", displayName: "Nora Jones", password: "fern lantern quarry" };

let dir: string;
let gateway: ChildProcess;
let devices: ChildProcess | undefined;
let browser: Browser;
let page: Page;
/** everything the gateway printed */
let printed = "";
let base = "";

/** resolves with the first match of `pattern` in what the child printed */
function waitForOutput(child: ChildProcess, pattern: RegExp, seen: () => string): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = seen().match(pattern);
      if (match) resolve(match);
    };
    child.stdout?.on("data", check);
    child.once("exit", (code) => reject(new Error(`exited with ${code} before ${pattern}:\n${seen()}`)));
    check();
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "mg-site-"));
  // `npm start` serves ./dist/dashboard of the folder it runs in
  await buildDashboard(join(dir, "dist", "dashboard"));
  const config = {
    site: { name: "Test milk bank" },
    dataDir: join(dir, "data"),
    http: { host: "127.0.0.1", port: 0 },
    mqtt: { host: "127.0.0.1", port: 0 },
    log: { level: "warn" },
  };
  writeFileSync(join(dir, "milkguard.config.json"), JSON.stringify(config));
  gateway = spawn(TSX, [join(ROOT, "gateway", "main.ts"), "--config", "milkguard.config.json"], { cwd: dir });
  gateway.stdout?.on("data", (chunk: Buffer) => {
    printed += chunk.toString();
  });
  gateway.stderr?.on("data", (chunk: Buffer) => {
    printed += chunk.toString();
  });
  await waitForOutput(gateway, /#\/setup\/\S+/, () => printed);
  base = `http://127.0.0.1:${/Dashboard: {2}http:\/\/localhost:(\d+)\//.exec(printed)?.[1]}/`;
  browser = await launchChromium();
  page = await (
    await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true })
  ).newPage();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  devices?.kill("SIGINT");
  gateway?.kill("SIGTERM");
  await new Promise((resolve) => (gateway.exitCode === null ? gateway.once("exit", resolve) : resolve(null)));
  rmSync(dir, { recursive: true, force: true });
});

const login = (name: string, password: string) =>
  fetch(`${base}api/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ name, password }),
  });

describe("a real site from zero", { timeout: 120_000 }, () => {
  it("prints a setup link that creates the first admin, who signs in", async () => {
    const link = /http:\/\/localhost:\d+\/(#\/setup\/\S+)/.exec(printed)?.[1];
    expect(link).toBeDefined();
    await page.goto(`${base}${link}`);
    await page.getByLabel("Name to sign in with").fill(ADMIN.name);
    await page.getByLabel("Name shown to others").fill(ADMIN.displayName);
    await page.locator("input[name=password]").fill("password1234");
    await page.getByLabel("Password again").fill("password1234");
    await page.getByRole("button", { name: "Create the admin" }).click();
    await page.getByText("one of the most common passwords").waitFor(WAIT);
    await page.locator("input[name=password]").fill(ADMIN.password);
    await page.getByLabel("Password again").fill(ADMIN.password);
    await screenshot(page, "setup");
    await page.getByRole("button", { name: "Create the admin" }).click();

    await page.getByRole("button", { name: "Sign in" }).waitFor(WAIT);
    await page.getByLabel("Name").fill(ADMIN.name);
    await page.getByLabel("Password").fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("link", { name: "Admin" }).click();
    await page.getByRole("link", { name: "Units" }).click();
  });

  it("has none of the demo's logins", async () => {
    for (const demo of DEMO_USERS) expect((await login(demo.name, demo.password)).status).toBe(401);
  });

  it("adds a freezer with its limits shown, and a sensor whose config file downloads", async () => {
    await page.getByRole("form", { name: "Add a unit" }).locator("input[name=name]").fill("Chest freezer 2");
    await page.getByRole("table", { name: /^Limits of / }).waitFor(WAIT);
    await page.getByRole("button", { name: "Add" }).click();
    await page.getByRole("cell", { name: "Chest freezer 2" }).waitFor(WAIT);

    await page.goto(`${base}#/admin/devices`);
    await page.getByLabel("Unit").selectOption({ label: "Chest freezer 2" });
    await page.getByLabel("Board").selectOption("ESP32");
    await page.getByLabel("Sensor name").fill("chest-2");
    await page.getByRole("button", { name: "Add the sensor" }).click();
    await page.getByRole("img", { name: "QR code of chest-2.json" }).waitFor(WAIT);
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Download config file" }).click();
    const file = join(dir, "chest-2.json");
    await (await download).saveAs(file);
    const saved = JSON.parse(readFileSync(file, "utf8")) as FirmwareFile;
    expect(saved).toMatchObject({
      board: "ESP32",
      deviceId: "chest-2",
      mqtt: { host: "127.0.0.1", username: "chest-2" },
    });
  });

  it("runs a simulated sensor from that file, which reports and shows online", async () => {
    devices = spawn(
      TSX,
      [join(ROOT, "scripts", "devices.ts"), "--device", join(dir, "chest-2.json"), "--speed", "20"],
      {
        cwd: dir,
      },
    );
    await page.getByRole("row", { name: /chest-2.*● online/ }).waitFor(WAIT);
    await screenshot(page, "sensors");
    const session = await page.context().request.get(`${base}api/devices`);
    expect(session.status()).toBe(200);
    await expect
      .poll(async () => {
        const list = (await (await page.context().request.get(`${base}api/devices`)).json()).data;
        return list.find((d: { id: string }) => d.id === "chest-2")?.ackedUpTo ?? -1;
      }, WAIT)
      .toBeGreaterThanOrEqual(0);
    // the version its birth message named, as the sensors page shows it
    await page.getByRole("row", { name: /chest-2.*ESP32.*0\.1\.0/ }).waitFor(WAIT);
  });

  it("lets the operator add an account with npm run admin while the gateway runs", async () => {
    const added = await new Promise<number | null>((resolve) => {
      const admin = execFile(
        TSX,
        [
          join(ROOT, "scripts", "admin.ts"),
          "create",
          "sam",
          "--role",
          "staff",
          "--config",
          "milkguard.config.json",
        ],
        { cwd: dir },
        (err) => resolve(err ? ((err as { code?: number }).code ?? null) : 0),
      );
      admin.stdin?.end("otter meadow candle\n");
    });
    expect(added).toBe(0);
    expect((await login("sam", "otter meadow candle")).status).toBe(200);
  });
});
