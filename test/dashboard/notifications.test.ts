// The Notifications page in Debian's Chromium against a real gateway: a donor chooses e-mail and SMS,
// gives her address and quiet hours and turns the weekly digest off, and they are kept; her test says
// which channel this site lacks; an admin also sees the site's settings, with no secret in the page.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Gateway } from "../../gateway/app.js";
import { launchChromium, screenshot, seedDemo, signIn, startGateway } from "./rig.js";

const WAIT = { timeout: 20_000 };
let gw: Gateway;
let remove: () => void;
let browser: Browser;
let base: string;
const contexts: BrowserContext[] = [];

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  return context.newPage();
}

beforeAll(async () => {
  ({ gw, remove } = await startGateway());
  base = `http://127.0.0.1:${gw.httpPort}/`;
  await seedDemo(gw, 60 * 60_000);
  browser = await launchChromium();
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await gw?.close();
  remove?.();
});

describe("the Notifications page in Chromium", { timeout: 120_000 }, () => {
  it("keeps a donor's address and quiet hours, and her test says there is no channel to send on", async () => {
    const donor = await newPage();
    await signIn(donor, base, "anna");
    await donor.getByRole("link", { name: "Notifications" }).click();
    await donor.getByLabel("E-mail address").fill("anna@example.org", WAIT);
    await donor.getByLabel("Hold warnings overnight").check();
    await donor.getByLabel("From").fill("21:30");
    expect(await donor.getByLabel("Weekly 'all is well'").isChecked()).toBe(true);
    await donor.getByLabel("Weekly 'all is well'").uncheck();
    await donor.getByRole("button", { name: "Save" }).click();
    await donor.getByText("✓ Saved.").waitFor(WAIT);
    const anna = gw.site.users.byName("anna");
    expect(anna).toMatchObject({
      email: "anna@example.org",
      notifications: { quietHours: { from: "21:30", to: "07:00" }, weeklyDigest: false },
    });
    // this gateway has no SMTP server set up: e-mail cannot be chosen, and the test says so
    expect(await donor.getByLabel(/E-mail \(not set up on this site\)/).isDisabled()).toBe(true);
    await donor.getByRole("button", { name: "Send me a test" }).click();
    await donor.getByText("Choose a channel first.").waitFor(WAIT);
    await screenshot(donor, "notifications");
    expect(await donor.getByRole("heading", { name: "This site's settings" }).count()).toBe(0);
  });

  it("shows an admin the site's settings", async () => {
    const admin = await newPage();
    await signIn(admin, base, "admin");
    await admin.getByRole("link", { name: "Notifications" }).click();
    await admin.getByRole("heading", { name: "This site's settings" }).waitFor(WAIT);
    await admin.getByRole("cell", { name: "http://localhost:8080" }).waitFor(WAIT);
  });
});
