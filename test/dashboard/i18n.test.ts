// Languages, units and the site's days in Debian's Chromium against a real gateway on a Paris site:
// a US donor picks °F and reads her freezer in °F while the API stays in °C; staff switch to French
// and read the overview (worst first, filtered), an alert (the rules' own sentence) and the daily
// report in French, with Paris days across the October clock change (a 25-hour Sunday); the donor
// whose freezer it was reads the same alert in English and °F.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Gateway } from "../../gateway/app.js";
import { demoDeviceId } from "../../gateway/demo/seed.js";
import { evaluate, initialUnitState } from "../../shared/rules/index.js";
import { launchChromium, minutes, Probe, screenshot, seedDemo, signIn, startGateway } from "./rig.js";

const MIN = 60_000;
const WAIT = { timeout: 20_000 };

let gw: Gateway;
let remove: () => void;
let browser: Browser;
let base: string;
const contexts: BrowserContext[] = [];
const probes: Probe[] = [];
/** the alert the rules raised on Bea's freezer that Sunday */
let sundayAlertId: string;

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  return context.newPage();
}

const WARM_FROM = Date.parse("2026-10-25T00:00:00+02:00");
/** Bea's freezer those days: Sunday 00:00-00:45 past its critical limit (-10 °C) */
const airAt = (timeMs: number) => (timeMs >= WARM_FROM && timeMs < WARM_FROM + 45 * MIN ? -8 : -20);

/** three Paris days around the clock change, a reading each minute */
async function octoberDays(): Promise<void> {
  const from = Date.parse("2026-10-24T00:00:00+02:00");
  const to = Date.parse("2026-10-27T00:00:00+01:00");
  const readings = Array.from({ length: (to - from) / MIN }, (_, i) => {
    const timeMs = from + i * MIN;
    const tempC = airAt(timeMs);
    return {
      deviceId: demoDeviceId("bea-freezer"),
      unitId: "bea-freezer",
      seq: 1_000_000 + i,
      timeMs,
      tempC,
    };
  });
  await gw.readings.write(readings);
}

/** the site's rules over Sunday's first half hour, their events to the gateway's alerts: the alert it raised */
function sundayAlert(): string {
  const profile = gw.catalog.profile("donor-freezer");
  const ruleSet = gw.catalog.ruleSet();
  if (!profile || !ruleSet) throw new Error("the demo site has no donor-freezer profile or rule set");
  const ctx = { unitId: "bea-freezer", profile, ruleSet };
  let state = initialUnitState();
  const keys: string[] = [];
  for (let timeMs = WARM_FROM - 30 * MIN; timeMs <= WARM_FROM + 30 * MIN; timeMs += MIN) {
    const result = evaluate(state, { kind: "reading", reading: { timeMs, tempC: airAt(timeMs) } }, ctx);
    state = result.state;
    for (const event of result.events) {
      gw.alerts.onRuleEvent(event);
      keys.push(event.key);
    }
  }
  const alert = keys[0] === undefined ? undefined : gw.site.alerts.byKey(keys[0]);
  if (!alert) throw new Error("the rules raised no alert");
  return alert.id;
}

async function choose(page: Page, language: string | null, unit: string | null): Promise<void> {
  await page.locator("nav a[data-nav=preferences]").click();
  const form = page.locator("form.preferences");
  if (language) await form.locator("select[name=language]").selectOption(language);
  if (unit) await form.locator("select[name=temperatureUnit]").selectOption(unit);
  // saving starts the page again in the words and unit chosen
  await Promise.all([page.waitForEvent("load"), form.locator("button[type=submit]").click()]);
  await page.locator("nav a[data-nav=overview]").click();
}

beforeAll(async () => {
  ({ gw, remove } = await startGateway(undefined, { timeZone: "Europe/Paris" }));
  base = `http://127.0.0.1:${gw.httpPort}/`;
  await seedDemo(gw, 60 * MIN);
  const now = Date.now();
  for (const [unitId, airC] of [
    ["anna-freezer", -19.5],
    ["bea-freezer", -19],
    ["bank-fridge", 3],
  ] as const) {
    const probe = await Probe.connect(gw, unitId);
    probes.push(probe);
    await probe.send(minutes(now - 30 * MIN, now, () => airC));
  }
  await octoberDays();
  sundayAlertId = sundayAlert();
  browser = await launchChromium();
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  for (const probe of probes) await probe.close();
  await gw?.close();
  remove?.();
});

describe("languages, units and the site's days in Chromium", { timeout: 120_000 }, () => {
  it("shows a donor who picked °F her freezer in °F, while the API stays in °C", async () => {
    const donor = await newPage();
    await signIn(donor, base, "anna");
    await choose(donor, null, "F");
    const tile = donor.locator('.tile[data-unit-id="anna-freezer"] .tile-temp');
    // -19.5 °C is -3.1 °F
    await tile.getByText("-3.1 °F").waitFor(WAIT);
    expect(gw.site.users.byName("anna")?.temperatureUnit).toBe("F");
    // the API, with her session, still answers in °C
    const answer = await donor.evaluate(async () => (await fetch("/api/units/anna-freezer")).json());
    expect(answer).toMatchObject({ data: { latest: { tempC: -19.5 } } });
    await screenshot(donor, "donor-fahrenheit");
    // her chart draws in °F too (its axis: a picture for a person to look at)
    await donor.locator('.tile[data-unit-id="anna-freezer"]').click();
    await donor.locator("canvas[data-rendered=true]").waitFor(WAIT);
    await screenshot(donor, "donor-fahrenheit-chart");
  });

  it("shows staff who switched to French the overview, an alert and the daily report in French with Paris days", async () => {
    const staff = await newPage();
    await signIn(staff, base, "staff");
    await choose(staff, "fr", null);
    expect(await staff.locator("html").getAttribute("lang")).toBe("fr");

    // the overview: in French, worst first; "À surveiller" keeps only the units that need someone
    await staff.getByRole("heading", { name: "Appareils" }).waitFor(WAIT);
    await staff.locator('.tile[data-unit-id="anna-freezer"]').getByText("OK").waitFor(WAIT);
    const order = await staff.locator(".tile").evaluateAll((tiles) => tiles.map((t) => t.className));
    const rank = (c: string) =>
      ["critical", "warning", "silent", "ok"].findIndex((s) => c.includes(`status-${s}`));
    expect(order.map(rank)).toEqual([...order.map(rank)].sort((a, b) => a - b));
    await staff.getByLabel("Afficher").selectOption("attention");
    expect(await staff.locator('.tile[data-unit-id="anna-freezer"]').isHidden()).toBe(true);
    await screenshot(staff, "overview-fr");

    // the alert: the critical icon, its words and the rules' sentence in French, its time in Paris
    await staff.locator("nav").getByRole("link", { name: "Alertes" }).click();
    const row = staff.locator(`.alert-row[data-alert-id="${sundayAlertId}"]`);
    await row.getByText("‼ Critique").waitFor(WAIT);
    await row.getByText(/^depuis le 25 oct\. 2026, 00:30 · \d+ j( \d+ h)? pour l'instant$/).waitFor(WAIT);
    await row.getByRole("link").click();
    await staff.getByRole("heading", { name: /^Température trop haute · / }).waitFor(WAIT);
    await staff.getByText("25 oct. 2026, 00:30").waitFor(WAIT);
    expect(await staff.locator(".alert-message").textContent()).toBe(
      "L'air de ce congélateur est au-dessus de -10,0 °C depuis 30 min (actuellement -8,0 °C). Le lait risque de commencer à décongeler : placez tout de suite les sachets dans un congélateur qui fonctionne ou dans une glacière avec des pains de glace.",
    );
    await staff.getByRole("button", { name: "Prendre en compte" }).waitFor(WAIT);
    await screenshot(staff, "alert-fr");

    // the daily report: Paris days, 25 hours on the Sunday the clocks go back
    await staff.locator("nav").getByRole("link", { name: "Relevé min/max" }).click();
    await staff.getByLabel("Appareil").selectOption("bea-freezer");
    await staff.getByLabel("Du").fill("2026-10-24");
    await staff.getByLabel("Au").fill("2026-10-26");
    await staff.getByRole("button", { name: "Afficher" }).click();
    const rows = staff.locator("table.daily tbody tr");
    // the last week's table stays until the days asked for arrive
    await rows.getByText("dimanche 25 octobre 2026").waitFor(WAIT);
    const cells = await rows.evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")),
    );
    expect(cells.map((c) => [c[1], c[3], c[5], c[6]])).toEqual([
      ["samedi 24 octobre 2026", "-20,0 °C", "1440", "0"],
      ["dimanche 25 octobre 2026", "-8,0 °C", "1500", "45"],
      ["lundi 26 octobre 2026", "-20,0 °C", "1440", "0"],
    ]);
    await screenshot(staff, "daily-report-fr");

    // the unit's page and its chart
    await staff.locator("nav a[data-nav=overview]").click();
    await staff.locator('.tile[data-unit-id="bea-freezer"]').click();
    await staff.getByRole("button", { name: "Semaine" }).waitFor(WAIT);
    await staff.getByText("1 sachet dedans").waitFor(WAIT);
    await staff.locator("canvas[data-rendered=true]").waitFor(WAIT);
  });

  it("shows the donor who picked °F the rules' sentence of her freezer's alert in English and °F", async () => {
    const donor = await newPage();
    await signIn(donor, base, "bea");
    await choose(donor, null, "F");
    await donor.locator("nav").getByRole("link", { name: "Alerts" }).click();
    await donor.locator(`.alert-row[data-alert-id="${sundayAlertId}"]`).getByRole("link").click();
    // -10 °C is 14 °F, -8 °C is 17.6 °F
    await donor
      .getByText(
        "The air in this freezer has been warmer than 14.0 °F for 30 min (now 17.6 °F). The milk may start to thaw: move the bags to a working freezer or a cool box with ice packs now.",
      )
      .waitFor(WAIT);
  });
});
