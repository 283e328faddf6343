// A unit with twenty alerts in a day, on a phone and on a desktop: the chart marks them as bars in a
// lane per severity above the plot (critical on top), writes no alert's words on the canvas, and
// lists each alert under the chart, every line inside the screen and none over another. Measured on
// what Chromium draws: the canvas's own fillText and fillRect calls, and the list's boxes.
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Gateway } from "../../gateway/app.js";
import { ARTIFACTS, launchChromium, minutes, Probe, seedDemo, signIn, startGateway } from "./rig.js";

const MIN = 60_000;
const HOUR = 60 * MIN;
const WAIT = { timeout: 20_000 };
const EPISODES = 20;
/** each episode: warm past the freezer's 30-minute alarm delay, then back below its limit */
const CYCLE_MS = 66 * MIN;
const WARM_MS = 36 * MIN;
/** the lanes' colours (dashboard/src/chart.ts), as the canvas reports a fillStyle */
const LANE = { critical: "#a3161a", warning: "#e69600" };

let gw: Gateway;
let remove: () => void;
let browser: Browser;
let base: string;

beforeAll(async () => {
  ({ gw, remove } = await startGateway());
  base = `http://127.0.0.1:${gw.httpPort}/`;
  await seedDemo(gw, 24 * HOUR);
  const now = Date.now();
  const start = now - EPISODES * CYCLE_MS - 20 * MIN;
  // every other episode critical (-5 C, above -10 C), the rest warning (-15 C, above -18 C)
  const air = (t: number) => {
    if (t < start) return -22;
    const episode = Math.floor((t - start) / CYCLE_MS);
    if (episode >= EPISODES || (t - start) % CYCLE_MS >= WARM_MS) return -22;
    return episode % 2 === 0 ? -5 : -15;
  };
  const probe = await Probe.connect(gw, "bea-chest");
  await probe.send(minutes(now - 23 * HOUR, start - MIN, air));
  for (let episode = 0; episode < EPISODES; episode++) {
    const from = start + episode * CYCLE_MS;
    await probe.send(minutes(from, Math.min(now, from + CYCLE_MS - MIN), air));
    // an alert is one episode until someone resolves it: resolved, the next warming is a new alert
    for (const alert of gw.site.alerts.list({ unitId: "bea-chest", state: ["open"] }))
      if (episode < EPISODES - 1) gw.alerts.resolve(alert.id, "staff", "Door shut; bags checked");
  }
  await probe.close();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await gw?.close();
  remove?.();
});

interface Drawn {
  texts: string[];
  /** lane bars: their colour and box in CSS pixels of the canvas */
  bars: { color: string; x: number; y: number; w: number; h: number }[];
}

/**
 * Records what the page's canvases draw: every text, and every rectangle filled in a lane colour
 * (page script: the tests' TypeScript has no DOM).
 */
const RECORD_CANVAS = `(() => {
  const drawn = { texts: [], bars: [] };
  const laneColors = ${JSON.stringify(Object.values(LANE))};
  globalThis.drawn = drawn;
  const proto = CanvasRenderingContext2D.prototype;
  const { fillText, fillRect } = proto;
  proto.fillText = function (text, x, y) {
    drawn.texts.push(text);
    fillText.call(this, text, x, y);
  };
  proto.fillRect = function (x, y, w, h) {
    const color = String(this.fillStyle);
    if (laneColors.includes(color)) drawn.bars.push({ color, x, y, w, h });
    fillRect.call(this, x, y, w, h);
  };
})()`;

/** each list line's box, in page coordinates */
const LINE_BOXES = `[...document.querySelectorAll(".alert-markers li")]
  .filter((li) => li.querySelector("a"))
  .map((li) => {
    const r = li.getBoundingClientRect();
    return { x: r.x, y: r.y + window.scrollY, width: r.width, height: r.height };
  })`;

async function openUnit(viewport: { width: number; height: number }): Promise<Page> {
  const page = await (await browser.newContext({ viewport })).newPage();
  await page.addInitScript(RECORD_CANVAS);
  await signIn(page, base, "staff");
  await page.goto(`${base}#/units/bea-chest/day`);
  await page.locator('#unit-chart[data-rendered="true"]').waitFor(WAIT);
  await expect.poll(() => page.locator(".alert-markers li:has(a)").count(), WAIT).toBe(alertCount());
  return page;
}

const alertCount = () => gw.site.alerts.list({ unitId: "bea-chest" }).length;

type Box = { x: number; y: number; width: number; height: number };
const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe("alert markers on the unit chart", { timeout: 60_000 }, () => {
  it("has twenty alerts to mark, critical and warning", () => {
    const alerts = gw.site.alerts.list({ unitId: "bea-chest" });
    expect(alerts.length).toBeGreaterThanOrEqual(EPISODES);
    expect(new Set(alerts.map((a) => a.severity))).toEqual(new Set(["critical", "warning"]));
  });

  it.each([
    ["phone", { width: 390, height: 844 }],
    ["desktop", { width: 1280, height: 900 }],
  ])("on a %s: bars in lanes, no words on the plot, a list inside the screen", async (name, viewport) => {
    const page = await openUnit(viewport);
    const drawn = await page.evaluate<Drawn>("globalThis.drawn");
    // no alert's words on the canvas: they are in the list
    expect(drawn.texts.filter((text) => text.includes("Temperature excursion"))).toEqual([]);

    // the bars lie inside the canvas, the critical lane above the warning lane
    const canvas = (await page.locator("#unit-chart").boundingBox()) as Box;
    expect(drawn.bars.length).toBeGreaterThan(0);
    for (const bar of drawn.bars) {
      expect(bar.x).toBeGreaterThanOrEqual(0);
      expect(bar.x + bar.w).toBeLessThanOrEqual(canvas.width);
      expect(bar.y).toBeGreaterThanOrEqual(0);
    }
    const critical = drawn.bars.filter((b) => b.color === LANE.critical);
    const warning = drawn.bars.filter((b) => b.color === LANE.warning);
    expect(critical.length).toBeGreaterThan(0);
    expect(warning.length).toBeGreaterThan(0);
    expect(Math.max(...critical.map((b) => b.y + b.h))).toBeLessThan(Math.min(...warning.map((b) => b.y)));

    // each alert's words in the list: inside the screen's width, none over another
    const items = page.locator(".alert-markers li:has(a)");
    const boxes = await page.evaluate<Box[]>(LINE_BOXES);
    expect(boxes.length).toBe(alertCount());
    for (const [i, box] of boxes.entries()) {
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
      for (const other of boxes.slice(i + 1)) expect(overlap(box, other)).toBe(false);
    }
    await items.first().getByText("Critical").waitFor(WAIT);
    await items.nth(1).getByText("Warning").waitFor(WAIT);
    // the chart and the top of the list, as a person scrolled to them sees them (docs/images/)
    await page.evaluate(`document.querySelector(".toolbar").scrollIntoView()`);
    await page.screenshot({ path: join(ARTIFACTS, `unit-chart-many-alerts-${name}.png`) });
  });
});
