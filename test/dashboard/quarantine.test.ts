// The quarantine page in Debian's Chromium against a real gateway: a probe whose clock ran a day ahead
// for one reading; staff find it with its reason in words, a donor has no such page, and an admin
// releases it with a clock correction, after which it is stored at its true time.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Gateway } from "../../gateway/app.js";
import { launchChromium, Probe, screenshot, seedDemo, signIn, startGateway } from "./rig.js";

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const WAIT = { timeout: 20_000 };

let gw: Gateway;
let remove: () => void;
let browser: Browser;
let probe: Probe;
let base: string;
const contexts: BrowserContext[] = [];
const now = Date.now();
/** the true time of the reading the probe stamped a day ahead (whole seconds, as on the wire) */
const trueMs = Math.floor((now - 5 * MIN) / 1000) * 1000;

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  return context.newPage();
}

beforeAll(async () => {
  ({ gw, remove } = await startGateway());
  base = `http://127.0.0.1:${gw.httpPort}/`;
  await seedDemo(gw, 60 * MIN);
  probe = await Probe.connect(gw, "anna-freezer");
  await probe.send([
    [now - 10 * MIN, -19.5],
    [trueMs + DAY, -19.25],
    [now - 2 * MIN, -19.5],
  ]);
  browser = await launchChromium();
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await probe?.close();
  await gw?.close();
  remove?.();
});

describe("the quarantine page in Chromium", { timeout: 120_000 }, () => {
  it("shows staff the refused reading with why, and no such page to a donor", async () => {
    const staff = await newPage();
    await signIn(staff, base, "staff");
    await staff.getByRole("link", { name: "Quarantine" }).click();
    await staff.getByText("1 refused reading waiting").waitFor(WAIT);
    await staff
      .getByRole("cell", { name: /sensor's clock ran ahead/ })
      .first()
      .waitFor(WAIT);
    // staff see, but only an admin releases
    expect(await staff.getByRole("button", { name: "Release ticked readings" }).count()).toBe(0);
    await screenshot(staff, "quarantine");

    const donor = await newPage();
    await signIn(donor, base, "anna");
    expect(await donor.getByRole("link", { name: "Quarantine" }).count()).toBe(0);
  });

  it("lets an admin release it with a clock correction: it is stored at its true time", async () => {
    const admin = await newPage();
    await signIn(admin, base, "admin");
    await admin.getByRole("link", { name: "Quarantine" }).click();
    await admin.getByRole("checkbox").first().check(WAIT);
    await admin.getByLabel("Clock correction (seconds)").fill("-86400");
    await admin.getByLabel("Comment").fill("clock a day ahead");
    await admin.getByRole("button", { name: "Release ticked readings" }).click();
    await admin.getByText("✓ 1 released and stored").waitFor(WAIT);
    await admin.getByText("No refused readings are waiting").waitFor(WAIT);
    const stored = await gw.readings.range({
      unitId: "anna-freezer",
      fromMs: now - DAY,
      toMs: now + 2 * DAY,
    });
    expect(stored.map((r) => r.timeMs)).toContain(trueMs);
    expect(stored.every((r) => r.timeMs <= now)).toBe(true);
  });
});
