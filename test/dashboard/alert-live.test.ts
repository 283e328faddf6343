// A member of staff half-way through typing an acknowledgement keeps her words and her place when the
// alert changes under her: a reading ends the condition (the resolve form appears, the history grows),
// then someone else acknowledges it through the API (the state line says so, her unsent text stays
// with a note that it was not sent, and the change is read out).
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Gateway } from "../../gateway/app.js";
import { launchChromium, minutes, Probe, screenshot, seedDemo, signIn, startGateway } from "./rig.js";

const MIN = 60_000;
const HOUR = 60 * MIN;
const WAIT = { timeout: 20_000 };

let gw: Gateway;
let remove: () => void;
let browser: Browser;
let base: string;
let probe: Probe;

beforeAll(async () => {
  ({ gw, remove } = await startGateway());
  base = `http://127.0.0.1:${gw.httpPort}/`;
  await seedDemo(gw, HOUR);
  probe = await Probe.connect(gw, "bea-chest");
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await probe?.close();
  await gw?.close();
  remove?.();
});

/** the focused element's name attribute and the comment box's text */
const typing = (page: Page) =>
  page.evaluate<{ focused: string | null; comment: string | undefined }>(`({
    focused: document.activeElement?.getAttribute("name") ?? null,
    comment: document.querySelector("textarea[name=comment]")?.value,
  })`);

describe("an alert's page updated in place", { timeout: 60_000 }, () => {
  it("keeps a half-typed comment and its focus through a clearing reading and another's acknowledgement", async () => {
    const now = Date.now();
    // the chest freezer warm for 40 minutes, past its alarm delay: a critical excursion
    await probe.send(minutes(now - 50 * MIN, now - 41 * MIN, () => -20));
    await probe.send(minutes(now - 40 * MIN, now, () => -5));
    const [alert] = gw.site.alerts.list({ unitId: "bea-chest", state: ["open"] });
    if (!alert) throw new Error("no open alert on the chest freezer");

    const page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await signIn(page, base, "staff");
    await page.locator('.live-state[data-state="live"]').waitFor(WAIT);
    await page.goto(`${base}#/alerts/${encodeURIComponent(alert.id)}`);
    await page.locator(".resolve-later").waitFor(WAIT);
    await page.getByLabel("Comment").focus();
    await page.keyboard.type("Lid found open; closed it, checking the");

    // a cold reading ends the condition: the history and the forms change, her text does not
    await probe.send([[Date.now(), -24]]);
    await page.locator(".alert-history").getByText("Back inside the limit").waitFor(WAIT);
    await page.getByLabel("Corrective action").waitFor(WAIT);
    expect(await page.locator(".resolve-later").count()).toBe(0);
    expect(await typing(page)).toEqual({
      focused: "comment",
      comment: "Lid found open; closed it, checking the",
    });
    await page.keyboard.type(" bags");

    // someone else acknowledges it through the API, from another browser
    const admin = await (await browser.newContext()).newPage();
    await signIn(admin, base, "admin");
    const status = await admin.evaluate(async (id) => {
      const res = await fetch(`/api/alerts/${encodeURIComponent(id)}/acknowledge`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ comment: "On it from the office" }),
      });
      return res.status;
    }, alert.id);
    expect(status).toBe(200);
    await page.locator(".alert-state").getByText("Acknowledged").waitFor(WAIT);
    await page.locator(".ack").getByText("On it from the office").waitFor(WAIT);
    await page.getByRole("status").getByText("Acknowledged").waitFor(WAIT);
    expect(await typing(page)).toEqual({
      focused: "comment",
      comment: "Lid found open; closed it, checking the bags",
    });
    const note = page.locator(".not-sent");
    await note.getByText("The alert is now acknowledged").waitFor(WAIT);
    expect(await page.getByRole("button", { name: "Acknowledge" }).isDisabled()).toBe(true);
    await screenshot(page, "alert-changed-while-typing-phone");
  });
});
