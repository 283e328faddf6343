// axe-core (WCAG 2.1 A and AA) on every page of the dashboard for every role, in Chromium against a
// real gateway with the demo's people, units, bags and an open alert: the login page, each list page,
// and one unit, alert, bag and label each role may see.
import { createRequire } from "node:module";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Gateway } from "../../gateway/app.js";
import { launchChromium, minutes, Probe, seedDemo, signIn, startGateway } from "./rig.js";

const MIN = 60_000;
const WAIT = { timeout: 20_000 };
/** WCAG 2.1 A and AA, and axe's best practices (a main landmark on every page, no empty table header) */
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];
const AXE_SOURCE: string = createRequire(import.meta.url)("axe-core").source;

const LIST_PAGES = [
  "",
  "alerts",
  "bags",
  "labels",
  "trips",
  "donations",
  "reports",
  "audit",
  "quarantine",
  "notifications",
  "preferences",
  "admin",
  "admin/users",
  "admin/units",
  "admin/devices",
  "sensor-wifi",
];
/** the list whose first item's page is checked too */
const ONE_OF: Record<string, string> = {
  units: "/api/units",
  alerts: "/api/alerts",
  bags: "/api/batches",
  labels: "/api/batches",
};

let gw: Gateway;
let remove: () => void;
let browser: Browser;
let base: string;

beforeAll(async () => {
  ({ gw, remove } = await startGateway());
  base = `http://127.0.0.1:${gw.httpPort}/`;
  await seedDemo(gw, 60 * MIN);
  // every unit has a reading; Anna's freezer has warmed past its limit for 40 minutes: an open alert
  const now = Date.now();
  for (const unitId of ["anna-freezer", "bea-chest", "bank-fridge"]) {
    const probe = await Probe.connect(gw, unitId);
    await probe.send(
      minutes(now - 50 * MIN, now, (t) => (unitId === "bank-fridge" ? 4 : t < now - 40 * MIN ? -20 : -5)),
    );
    await probe.close();
  }
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await gw?.close();
  remove?.();
});

interface Violation {
  id: string;
  help: string;
  nodes: { target: string[] }[];
}

/** axe on what the page shows now, as "page: rule (elements)" lines */
async function violations(page: Page, where: string): Promise<string[]> {
  if (!(await page.evaluate("'axe' in window"))) await page.evaluate(AXE_SOURCE);
  const found = await page.evaluate<Violation[]>(
    `axe.run(document, { runOnly: { type: "tag", values: ${JSON.stringify(TAGS)} } }).then((r) => r.violations)`,
  );
  return found.map(
    (v) => `${where}: ${v.id} ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`,
  );
}

/** opens a page of the dashboard and waits until its view has drawn (its heading, or its error) */
async function open(page: Page, path: string): Promise<void> {
  await page.evaluate(
    `document.querySelector("main").replaceChildren(); location.hash = ${JSON.stringify(`#/${path}`)}`,
  );
  await page.locator('main .page h1[tabindex="-1"], main .page .notice').first().waitFor(WAIT);
}

/** the first item's id of a list the role may read, or undefined */
async function firstId(page: Page, api: string): Promise<string | undefined> {
  return page.evaluate<string | undefined>(
    `fetch(${JSON.stringify(api)}).then((r) => r.ok ? r.json() : {}).then((b) => (b.data ?? [])[0]?.id)`,
  );
}

describe("accessibility", { timeout: 60_000 }, () => {
  it("axe finds no WCAG 2.1 A/AA violation on any page for any role", async () => {
    const found: string[] = [];
    const context = await browser.newContext();
    const login = await context.newPage();
    await login.goto(base);
    await login.getByLabel("Name").waitFor(WAIT);
    found.push(...(await violations(login, "login")));
    await context.close();
    let views = 1;
    for (const name of ["admin", "staff", "courier", "anna"]) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await signIn(page, base, name);
      const paths = [...LIST_PAGES];
      for (const [route, api] of Object.entries(ONE_OF)) {
        const id = await firstId(page, api);
        if (id) paths.push(`${route}/${encodeURIComponent(id)}`);
      }
      for (const path of paths) {
        await open(page, path);
        found.push(...(await violations(page, `${name} #/${path}`)));
        views++;
      }
      await context.close();
    }
    expect(found).toEqual([]);
    expect(views).toBeGreaterThan(70);
  });
});
