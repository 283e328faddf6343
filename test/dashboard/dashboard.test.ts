// The dashboard in Debian's Chromium against a real gateway (build() on a temp SQLite file, real
// aedes over TCP, the demo's people, units and bags, probes speaking MQTT): staff watch an excursion
// arrive without a reload and answer it, a donor sees only her units, a courier runs a trip to its
// report. Screenshots land in test/artifacts/ for a person to look at.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Gateway } from "../../gateway/app.js";
import { launchChromium, minutes, Probe, screenshot, seedDemo, signIn, startGateway } from "./rig.js";

const MIN = 60_000;
const HOUR = 60 * MIN;
/** a page waits for what it shows, never for a fixed time */
const WAIT = { timeout: 20_000 };

let gw: Gateway;
let remove: () => void;
let browser: Browser;
const probes = new Map<string, Probe>();
const contexts: BrowserContext[] = [];
let base: string;

const HISTORY: Record<string, (timeMs: number) => number> = {
  "anna-freezer": (t) => -19.5 + 0.5 * Math.sin(t / 600_000),
  "bea-freezer": (t) => -19 + 0.4 * Math.sin(t / 500_000),
  "bea-chest": (t) => -20 + 0.3 * Math.sin(t / 700_000),
  "bank-fridge": (t) => 3 + 0.3 * Math.sin(t / 400_000),
  "cool-box-1": () => -20,
};

async function newPage(viewport = { width: 1280, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  contexts.push(context);
  return context.newPage();
}

beforeAll(async () => {
  ({ gw, remove } = await startGateway());
  base = `http://127.0.0.1:${gw.httpPort}/`;
  const now = Date.now();
  await seedDemo(gw, 3 * HOUR);
  for (const [unitId, airC] of Object.entries(HISTORY)) {
    const probe = await Probe.connect(gw, unitId);
    probes.set(unitId, probe);
    // two hours of history; the chest freezer's stops 41 minutes ago, before its failure
    const upTo = unitId === "bea-chest" ? now - 41 * MIN : now;
    await probe.send(minutes(now - 2 * HOUR, upTo, airC));
  }
  browser = await launchChromium();
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  for (const probe of probes.values()) await probe.close();
  await gw?.close();
  remove?.();
});

// a whole user journey in a browser, on two cores shared with the rest of the suite
describe("the dashboard in Chromium", { timeout: 120_000 }, () => {
  it("shows staff an excursion live, its bags, and records the acknowledgement and resolution in the audit trail", async () => {
    const page = await newPage();
    await signIn(page, base, "staff");
    const chest = page.locator('.tile[data-unit-id="bea-chest"]');
    await expect.poll(() => page.locator(".tile").count(), WAIT).toBe(5);
    await chest
      .locator(".tile-temp")
      .getByText(/-\d+\.\d °C/)
      .waitFor(WAIT);
    await page.locator('.live-state[data-state="live"]').waitFor(WAIT);
    await screenshot(page, "1-staff-overview");

    // the page must not reload: a mark left on the window would be gone
    await page.evaluate(() => Object.assign(globalThis, { notReloaded: true }));
    // the chest freezer failed 40 minutes ago: its probe sends what it buffered, all above the
    // critical limit, longer than the profile's alarm delay (30 min), so the rules raise an excursion
    const warmUntil = Date.now();
    await probes.get("bea-chest")?.send(minutes(warmUntil - 40 * MIN, warmUntil, () => -5));
    await page.locator('.tile.status-critical[data-unit-id="bea-chest"]').waitFor(WAIT);
    await chest.getByText("-5.0 °C").waitFor(WAIT);
    await chest.getByText("Critical").waitFor(WAIT);
    expect(await page.evaluate(() => "notReloaded" in globalThis)).toBe(true);
    await screenshot(page, "2-staff-overview-excursion");

    await page.locator("nav").getByRole("link", { name: "Alerts" }).click();
    const row = page.locator('[data-state="open"] .alert-row[data-kind="temperature-excursion"]');
    await row.getByText("Bea's chest freezer").waitFor(WAIT);
    await screenshot(page, "3-alert-board");
    await row.getByRole("link").click();
    const bags = page.locator("table.affected-bags");
    await bags.getByText("Bea #2").waitFor(WAIT);
    await bags.getByText("Bea #3").waitFor(WAIT);
    expect(await bags.locator("tbody tr").count()).toBe(2);
    await screenshot(page, "4-alert-with-bags");
    const alertId = decodeURIComponent(page.url().split("/").at(-1) ?? "");

    await page.getByLabel("Comment").fill("Lid of the chest freezer found open <b>ajar</b>; closed it");
    await page.getByRole("button", { name: "Acknowledge" }).click();
    await page.locator(".ack").getByText("found open <b>ajar</b>").waitFor(WAIT);
    // still warm: no way to close it, and the unit stays in alarm
    await page.locator(".resolve-later").waitFor(WAIT);
    expect(await page.getByLabel("Corrective action").count()).toBe(0);
    await page.locator(".air-now").getByText("-5.0 °C").waitFor(WAIT);
    // a probe's reading is one per second: the cold one comes after the last warm one
    await probes.get("bea-chest")?.send([[Math.max(Date.now(), warmUntil + 1000), -24]]);
    await page.locator(".air-now").getByText("-24.0 °C").waitFor(WAIT);
    await page.getByLabel("Corrective action").fill("Moved both bags to the bank freezer; seal replaced");
    await page.getByRole("button", { name: "Resolve" }).click();
    await page.locator(".resolution").getByText("seal replaced").waitFor(WAIT);
    await page.locator(".alert-state").getByText("Resolved").waitFor(WAIT);
    await screenshot(page, "5-alert-resolved");

    await page.locator("nav").getByRole("link", { name: "Audit trail" }).click();
    const audit = page.locator("table.audit");
    for (const action of ["alert.acknowledged", "alert.resolved"]) {
      await audit
        .locator("tr", { hasText: action })
        .filter({ hasText: `alert:${alertId}` })
        .first()
        .waitFor(WAIT);
    }
    await page.getByText("Integrity check passed").waitFor(WAIT);
    await screenshot(page, "6-audit-trail");

    // the unit's chart, with a bag's estimated milk temperature and ice beside the air
    await page.locator("nav").getByRole("link", { name: "Overview" }).click();
    await chest.click();
    await page.locator('#unit-chart[data-rendered="true"]').waitFor(WAIT);
    await page.locator("#bag-select").selectOption({ label: "Bea #2 (Frozen)" });
    await page.locator(".chart-summary").getByText("Bea #2: milk").waitFor(WAIT);
    await page.locator('#unit-chart[data-rendered="true"]').waitFor(WAIT);
    await screenshot(page, "6b-unit-chart-with-bag");
  });

  it("shows a donor on her phone only her own units, by keyboard too; she registers and discards a bag and prints a bag's storage record on one page and her donation's record", async () => {
    const page = await newPage({ width: 390, height: 844 });
    await signIn(page, base, "bea");
    await page.locator('.tile[data-unit-id="bea-freezer"]').waitFor(WAIT);
    await page.locator('.tile[data-unit-id="bea-chest"]').waitFor(WAIT);
    const shown = await page
      .locator(".tile")
      .evaluateAll((tiles) => tiles.map((t) => t.getAttribute("data-unit-id")));
    expect(shown.sort()).toEqual(["bea-chest", "bea-freezer"]);
    expect(await page.getByRole("link", { name: "Audit trail" }).count()).toBe(0);
    await screenshot(page, "7-donor-phone");

    // with the keyboard alone: tab to her chest freezer's tile and open it
    let focused: string | null = null;
    for (let tabs = 0; tabs < 20 && focused !== "bea-chest"; tabs++) {
      await page.keyboard.press("Tab");
      focused = await page.locator(":focus").getAttribute("data-unit-id");
    }
    expect(focused).toBe("bea-chest");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Bea's chest freezer" }).waitFor(WAIT);

    // she registers a bag, then discards it
    await page.locator("nav").getByRole("link", { name: "Bags" }).click();
    const register = page.getByRole("form", { name: "Register a bag" });
    await register.getByLabel("Label").fill("Bea #4 <script>");
    await register.getByLabel("Unit").selectOption({ label: "Bea's fridge-freezer" });
    await register.getByLabel("Volume (ml)").fill("90");
    await register.getByRole("button", { name: "Register" }).click();
    const row = page.locator('table.bags[data-unit-id="bea-freezer"] tr', { hasText: "Bea #4 <script>" });
    await row.waitFor(WAIT);
    await row.getByText("Move or discard").click();
    await row.getByLabel("Reason").fill("Bag split in the freezer");
    await row.getByRole("button", { name: "Discard" }).click();
    const discarded = page.locator("table.bags tr", { hasText: "Bea #4 <script>" });
    await discarded.getByText("✖ Bag split in the freezer").waitFor(WAIT);
    await discarded.locator(".badge", { hasText: "Discard" }).waitFor(WAIT);

    // the storage record she hands over with her milk, on one printed page
    await page.getByRole("link", { name: "Bea #2" }).click();
    await page.getByRole("heading", { name: "Storage record · Bea #2" }).waitFor(WAIT);
    await page.locator("table.stays").getByText("Bea's chest freezer").waitFor(WAIT);
    await screenshot(page, "8-donor-bag-record");
    expect(pdfPages(await page.pdf({ format: "A4" }))).toBe(1);

    // the record of the whole donation, every bag with where it was kept, to sign at hand-over
    await page.locator("nav").getByRole("link", { name: "My donation" }).click();
    await page.getByRole("heading", { name: "Donation record · Bea (donor)" }).waitFor(WAIT);
    await page.locator(".donation-bag h2", { hasText: "Bea #2" }).waitFor(WAIT);
    expect(await page.locator(".donation-bag", { hasText: "Bea #4" }).count()).toBe(0);
    await page.getByText("Handed over by (donor)").waitFor(WAIT);
    await screenshot(page, "8b-donation-record");
    expect(pdfPages(await page.pdf({ format: "A4" }))).toBeLessThanOrEqual(2);
  });

  it("lets a courier run a trip to its report, which prints on one page, and staff accept it at reception", async () => {
    const page = await newPage();
    await signIn(page, base, "courier");
    await page.locator("nav").getByRole("link", { name: "Trips" }).click();
    await page.getByLabel("Cool box").selectOption({ label: "Courier cool box 1" });
    await page.getByRole("button", { name: "Start trip" }).click();
    await page.getByRole("heading", { name: "Trip", exact: true }).waitFor(WAIT);

    // the codes a courier scans from the labels of Anna's bags
    const codes = gw.site.batches.list({ unitId: "anna-freezer" }).map((b) => b.code);
    await page.getByLabel("Donor").selectOption({ label: "Anna (donor)" });
    await page.getByLabel("Bag codes").fill(codes.join("\n"));
    await page.getByRole("button", { name: "Record pick-up" }).click();
    await page.locator("table.manifest").getByText("Anna #2").waitFor(WAIT);
    await probes.get("cool-box-1")?.send([
      [Date.now(), -19.5],
      [Date.now() + 1000, -19],
    ]);
    await page.getByRole("button", { name: "Hand over" }).click();
    await page.getByRole("button", { name: "Confirm hand-over" }).click();
    await page.getByRole("heading", { name: "Trip report" }).waitFor(WAIT);
    await page.locator("[data-verdict]").waitFor(WAIT);
    await page.locator('#trip-chart[data-rendered="true"]').waitFor(WAIT);
    expect(await page.locator("table.manifest tbody tr").count()).toBe(codes.length);
    await page.locator("table.manifest").getByText("Anna #1").waitFor(WAIT);
    await screenshot(page, "9-trip-report");

    await page.emulateMedia({ media: "print" });
    await screenshot(page, "10-trip-report-print");
    const pdf = await page.pdf({ format: "A4" });
    expect(pdfPages(pdf)).toBe(1);

    // reception at the milk bank; a courier has no such button
    expect(await page.getByRole("button", { name: "✓ Accept" }).count()).toBe(0);
    const staff = await newPage();
    await signIn(staff, base, "staff");
    await staff.goto(page.url());
    await staff.getByLabel("Comment").fill("Box cold, bags hard");
    await staff.getByRole("button", { name: "✓ Accept" }).click();
    await staff.locator("p.reception").getByText("accepted by Sam (milk bank staff)").waitFor(WAIT);
    await staff.locator(".trip-state").getByText("accepted").waitFor(WAIT);
  });
});

function pdfPages(pdf: Buffer): number {
  return pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;
}
