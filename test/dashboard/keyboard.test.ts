// Keyboard and screen-reader users keep their place through live updates: a focused overview tile
// stays focused when its unit's reading arrives, a focused alert link when another alert changes the
// board, and after acknowledging an alert by keyboard focus lands on the acknowledgement, not on
// <body>; a unit turning critical and a new alert are announced politely.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Gateway } from "../../gateway/app.js";
import { launchChromium, minutes, Probe, seedDemo, signIn, startGateway } from "./rig.js";

const MIN = 60_000;
const HOUR = 60 * MIN;
const WAIT = { timeout: 20_000 };

let gw: Gateway;
let remove: () => void;
let browser: Browser;
let base: string;
const probes = new Map<string, Probe>();

beforeAll(async () => {
  ({ gw, remove } = await startGateway());
  base = `http://127.0.0.1:${gw.httpPort}/`;
  await seedDemo(gw, HOUR);
  for (const unitId of ["bea-chest", "bank-fridge"]) probes.set(unitId, await Probe.connect(gw, unitId));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  for (const probe of probes.values()) await probe.close();
  await gw?.close();
  remove?.();
});

/** the key of whatever has focus: a unit's tile, an alert's link, or the element's tag and class */
const FOCUSED = `(() => {
  const active = document.activeElement;
  const row = active?.closest("[data-alert-id]");
  return active?.dataset.unitId ?? row?.dataset.alertId ?? active?.tagName + "." + active?.className;
})()`;
const focused = (page: Page) => page.evaluate<string>(FOCUSED);

/** one air temperature from `fromAgo` to `toAgo` minutes ago, through the unit's probe */
async function air(unitId: string, fromAgo: number, toAgo: number, c: number): Promise<void> {
  const now = Date.now();
  await probes.get(unitId)?.send(minutes(now - fromAgo * MIN, now - toAgo * MIN, () => c));
}

describe("keyboard focus through live updates", { timeout: 60_000 }, () => {
  it("keeps a focused tile and alert link, and moves focus to the acknowledgement", async () => {
    // the chest freezer's history stops 42 minutes ago, before its failure
    await air("bea-chest", 50, 43, -20);
    const page = await (await browser.newContext()).newPage();
    await signIn(page, base, "staff");
    await page.locator('.live-state[data-state="live"]').waitFor(WAIT);
    const chest = page.locator('.tile[data-unit-id="bea-chest"]');
    await chest.getByText("-20.0 °C").waitFor(WAIT);
    await chest.focus();
    await air("bea-chest", 42, 42, -21);
    await chest.getByText("-21.0 °C").waitFor(WAIT);
    expect(await focused(page)).toBe("bea-chest");

    // an excursion in the chest freezer, then one in the fridge while the chest's link has focus
    await air("bea-chest", 40, 0, -5);
    // read out politely, once, while focus stays on the tile
    await page.getByRole("status").getByText("Bea's chest freezer: Critical").waitFor(WAIT);
    expect(await focused(page)).toBe("bea-chest");
    await page.locator("nav").getByRole("link", { name: "Alerts" }).click();
    const chestAlert = page.locator('[data-state="open"] .alert-row', { hasText: "Bea's chest freezer" });
    await chestAlert.getByRole("link").focus();
    const alertId = await chestAlert.getAttribute("data-alert-id");
    await air("bank-fridge", 40, 0, 12);
    await page.locator('[data-state="open"] .alert-row', { hasText: "fridge" }).first().waitFor(WAIT);
    await page.getByRole("status").getByText("fridge").waitFor(WAIT);
    expect(await focused(page)).toBe(alertId);

    await page.keyboard.press("Enter");
    await page.getByLabel("Comment").waitFor(WAIT);
    await page.getByLabel("Comment").focus();
    await page.keyboard.type("Lid found open; closed it");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await page.locator(".ack").getByText("Lid found open").waitFor(WAIT);
    await expect.poll(() => focused(page), WAIT).toBe("DD.ack");
  });
});
