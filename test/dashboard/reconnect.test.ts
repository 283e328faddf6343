// The live stream survives a gateway restart: while the gateway is away the page says so and marks
// every value stale; once it is back the page reconnects by itself and shows live values again,
// without a reload and without signing in again.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Gateway } from "../../gateway/app.js";
import { launchChromium, minutes, Probe, screenshot, seedDemo, signIn, startGateway } from "./rig.js";

const MIN = 60_000;
/** EventSource retries every 5 s (the gateway's `retry:`); allow a few tries on a busy machine */
const WAIT = { timeout: 30_000 };

let gw: Gateway | undefined;
let dir: string;
let remove: () => void;
let browser: Browser;
const probes: Probe[] = [];

beforeAll(async () => {
  const first = await startGateway();
  ({ gw, dir, remove } = first);
  await seedDemo(first.gw, MIN);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  for (const probe of probes) await probe.close();
  await gw?.close();
  remove?.();
});

async function probe(on: Gateway): Promise<Probe> {
  const p = await Probe.connect(on, "anna-freezer");
  probes.push(p);
  return p;
}

// a gateway restart and the browser's reconnection, on two cores shared with the rest of the suite
describe("the overview's live stream", { timeout: 120_000 }, () => {
  it("marks values stale while the gateway is away and goes live again by itself when it is back", async () => {
    if (!gw) throw new Error("no gateway");
    const httpPort = gw.httpPort;
    await (await probe(gw)).send(minutes(Date.now() - 10 * MIN, Date.now(), () => -19));
    const page = await (await browser.newContext()).newPage();
    await signIn(page, `http://127.0.0.1:${httpPort}/`, "staff");
    const tile = page.locator('.tile[data-unit-id="anna-freezer"]');
    await tile.getByText("-19.0 °C").waitFor(WAIT);
    await page.locator('.live-state[data-state="live"]').waitFor(WAIT);
    expect(await tile.getAttribute("class")).not.toContain("stale");
    await page.evaluate(() => Object.assign(globalThis, { notReloaded: true }));

    for (const p of probes.splice(0)) await p.close();
    await gw.close();
    gw = undefined;
    await page.locator('.live-state[data-state="down"]').waitFor(WAIT);
    await page.locator('.tile.stale[data-unit-id="anna-freezer"]').waitFor(WAIT);
    await tile.getByText("stale").waitFor(WAIT);
    await screenshot(page, "11-gateway-away");

    gw = (await startGateway({ dir, httpPort })).gw;
    await page.locator('.live-state[data-state="live"]').waitFor(WAIT);
    await (await probe(gw)).send([[Date.now(), -18.5]]);
    await tile.getByText("-18.5 °C").waitFor(WAIT);
    expect(await tile.getAttribute("class")).not.toContain("stale");
    expect(await page.evaluate(() => "notReloaded" in globalThis)).toBe(true);
    await screenshot(page, "12-gateway-back");
  });
});
