// Bag labels and codes in Debian's Chromium against a real gateway (the rig): a donor prints a sheet
// of labels (code, QR code, her name, expression date, volume) on A4 or US Letter label stock, one
// printed page per sheet; a courier types a code with a typo and is told so before anything is sent,
// then the right one, picks the bag up and confirms the hand-over after seeing what it hands over.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Gateway } from "../../gateway/app.js";
import {
  CHROMIUM_ARGS,
  launchChromium,
  minutes,
  Probe,
  screenshot,
  seedDemo,
  signIn,
  startGateway,
} from "./rig.js";

const MIN = 60_000;
const HOUR = 60 * MIN;
const WAIT = { timeout: 20_000 };

let gw: Gateway;
let remove: () => void;
let browser: Browser;
let box: Probe;
const contexts: BrowserContext[] = [];
let base: string;

async function newPage(viewport = { width: 1280, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  contexts.push(context);
  return context.newPage();
}

const CAMERA = { width: 640, height: 480 };

/**
 * In the page (a string: the tests compile without the DOM's types): the picture centred on a white
 * frame of the camera's size, as base64 luma bytes (BT.601), one per pixel.
 */
const LUMA_OF_PICTURE = `async ({ src, width, height }) => {
  const img = new Image();
  img.src = src;
  await img.decode();
  const canvas = Object.assign(document.createElement("canvas"), { width, height });
  const g = canvas.getContext("2d");
  g.fillStyle = "#fff";
  g.fillRect(0, 0, width, height);
  g.drawImage(img, (width - img.width) / 2, (height - img.height) / 2);
  const rgba = g.getImageData(0, 0, width, height).data;
  let y = "";
  for (let i = 0; i < rgba.length; i += 4) {
    y += String.fromCharCode(Math.round(0.299 * rgba[i] + 0.587 * rgba[i + 1] + 0.114 * rgba[i + 2]));
  }
  return btoa(y);
}`;

/**
 * A camera's view of a printed label, as Chromium's fake camera plays it: one frame of YUV4MPEG2
 * (4:2:0), the label's picture in grey on a white table. The picture is the label as the page draws it.
 */
async function cameraFile(page: Page, code: string, path: string): Promise<void> {
  const png = await page.locator(`.label[data-code="${code}"]`).screenshot();
  const src = `data:image/png;base64,${png.toString("base64")}`;
  const luma: string = await page.evaluate(`(${LUMA_OF_PICTURE})(${JSON.stringify({ src, ...CAMERA })})`);
  const chroma = Buffer.alloc((CAMERA.width / 2) * (CAMERA.height / 2), 128);
  const header = `YUV4MPEG2 W${CAMERA.width} H${CAMERA.height} F10:1 Ip A1:1 C420jpeg\nFRAME\n`;
  writeFileSync(path, Buffer.concat([Buffer.from(header), Buffer.from(luma, "base64"), chroma, chroma]));
}

/** the PDF's pages' sizes in points, as [width, height] */
function pdfPageSizes(pdf: Buffer): number[][] {
  const boxes = pdf.toString("latin1").match(/\/MediaBox\s*\[[^\]]*\]/g) ?? [];
  return boxes.map((b) => (b.match(/[\d.]+/g) ?? []).slice(2).map((n) => Math.round(Number(n))));
}

beforeAll(async () => {
  ({ gw, remove } = await startGateway());
  base = `http://127.0.0.1:${gw.httpPort}/`;
  await seedDemo(gw, 3 * HOUR);
  box = await Probe.connect(gw, "cool-box-1");
  await box.send(minutes(Date.now() - HOUR, Date.now(), () => -20));
  browser = await launchChromium();
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await box?.close();
  await gw?.close();
  remove?.();
});

describe("bag labels and codes in Chromium", { timeout: 120_000 }, () => {
  it("the sign-in page is a main landmark, and does not fetch the chart library", async () => {
    const page = await newPage();
    const fetched: string[] = [];
    page.on("request", (r) => void fetched.push(new URL(r.url()).pathname));
    await page.goto(base);
    await page.getByRole("main").getByRole("button", { name: "Sign in" }).waitFor(WAIT);
    await page.waitForLoadState("networkidle");
    const chunks = fetched.filter((p) => p.startsWith("/chunks/"));
    expect(chunks.length).toBeGreaterThan(0);
    for (const chunk of chunks) {
      const text = await (await fetch(new URL(chunk, base))).text();
      expect([chunk, /Chart\.js v\d/.test(text)]).toEqual([chunk, false]);
    }
  });

  it("a donor prints a sheet of her bags' labels on A4 or US Letter label stock", async () => {
    const bags = gw.site.batches.list({ donorId: "bea" }).filter((b) => b.unitId !== null);
    expect(bags.length).toBeGreaterThan(1);
    const page = await newPage();
    await signIn(page, base, "bea");
    await page.locator("nav").getByRole("link", { name: "Bags" }).click();
    // the bag list shows codes, not ids
    for (const bag of bags) await page.locator("table.bags").getByText(bag.code).waitFor(WAIT);
    expect(
      await page
        .locator("table.bags")
        .getByText(bags[0]?.id ?? "")
        .count(),
    ).toBe(0);
    // every column has a header a screen reader can announce, the actions' too
    expect(await page.locator("table.bags").first().locator("th").allTextContents()).toContain("Actions");
    await page.getByRole("link", { name: "Print labels" }).click();
    await page.getByRole("heading", { name: "Bag labels" }).waitFor(WAIT);

    const labels = page.locator(".label-sheet .label");
    await labels.first().waitFor(WAIT);
    expect((await labels.evaluateAll((ls) => ls.map((l) => l.getAttribute("data-code")))).sort()).toEqual(
      bags.map((b) => b.code).sort(),
    );
    const first = bags[0];
    if (!first) throw new Error("no bag");
    const label = page.locator(`.label[data-code="${first.code}"]`);
    await label.getByText(first.code).waitFor(WAIT);
    await label.getByText("Bea (donor)").waitFor(WAIT);
    await label.getByText(`${first.volumeMl} ml`).waitFor(WAIT);
    await label
      .getByText(`Expressed ${new Date(first.expressedAtMs).toISOString().slice(0, 10)}`)
      .waitFor(WAIT);
    expect(await label.locator("svg.qr path").getAttribute("d")).toMatch(/^M\d/);
    await screenshot(page, "label-sheet");

    // printed, each sheet is one page of the stock, whatever the browser's paper setting
    const a4 = await page.pdf({ preferCSSPageSize: true });
    expect(pdfPageSizes(a4)).toEqual([[595, 842]]);
    await page.getByLabel("Label sheet").selectOption("letter-3x10");
    await page.locator('.label-sheet[data-layout="letter-3x10"]').waitFor(WAIT);
    const letter = await page.pdf({ preferCSSPageSize: true });
    expect(pdfPageSizes(letter)).toEqual([[612, 792]]);

    // one bag's label alone, from its storage record
    await page.goto(`${base}#/bags/${first.code}`);
    await page.getByRole("link", { name: "Print its label" }).click();
    await page.getByRole("heading", { name: `Label · ${first.label}` }).waitFor(WAIT);
    expect(await page.locator(".label").count()).toBe(1);
  });

  it("a courier types a code with a typo and is told so, then the right one, picks the bag up and confirms the hand-over", async () => {
    const bag = gw.site.batches.list({ unitId: "anna-freezer" })[0];
    if (!bag) throw new Error("Anna has no bag");
    const last = bag.code.at(-1);
    const typo = `${bag.code.slice(0, -1)}${last === "7" ? "8" : "7"}`;
    const page = await newPage({ width: 390, height: 844 });
    await signIn(page, base, "courier");
    await page.locator("nav").getByRole("link", { name: "Trips" }).click();
    await page.getByLabel("Cool box").selectOption({ label: "Courier cool box 1" });
    await page.getByRole("button", { name: "Start trip" }).click();
    await page.getByRole("heading", { name: "Trip", exact: true }).waitFor(WAIT);

    await page.getByLabel("Donor").selectOption({ label: "Anna (donor)" });
    await page.getByLabel("Bag codes").fill(typo);
    const told = `${typo}: the check letter does not match — look at the label again`;
    await page.locator(".code-check").getByText(told).waitFor(WAIT);
    await page.getByRole("button", { name: "Record pick-up" }).click();
    await page.locator(".pickup .form-error").getByText(told).waitFor(WAIT);
    expect(gw.site.batches.get(bag.id)?.unitId).toBe("anna-freezer");

    // typed as people type: lower case, a space for the dash
    await page.getByLabel("Bag codes").fill(bag.code.toLowerCase().replace("-", " "));
    expect(await page.locator(".code-check span").count()).toBe(0);
    await page.getByRole("button", { name: "Record pick-up" }).click();
    await page.locator("table.manifest").getByText(bag.code).waitFor(WAIT);
    await page.locator("table.manifest").getByText("Anna (donor)").waitFor(WAIT);

    // hand-over asks first, saying what goes
    const confirm = page.getByRole("form", { name: "Confirm hand-over" });
    expect(await confirm.isVisible()).toBe(false);
    await page.getByRole("button", { name: "Hand over" }).click();
    await confirm.getByText("1 bag from Anna (donor)").waitFor(WAIT);
    await screenshot(page, "label-handover-confirm");
    await confirm.getByRole("button", { name: "Cancel" }).click();
    expect(gw.site.trips.list({ open: true })).toHaveLength(1);
    await page.getByRole("button", { name: "Hand over" }).click();
    await confirm.getByRole("button", { name: "Confirm hand-over" }).click();
    await page.getByRole("heading", { name: "Trip report" }).waitFor(WAIT);
    await page.locator("table.manifest").getByText(bag.code).waitFor(WAIT);
  });

  it("a courier scans a label's QR code with the phone's camera and picks the bag up", async () => {
    const bag = gw.site.batches.list({ unitId: "anna-freezer" })[0];
    if (!bag) throw new Error("Anna has no bag left");
    const staff = await newPage();
    await signIn(staff, base, "staff");
    await staff.goto(`${base}#/labels/${bag.code}`);
    const video = join(gw.config.dataDir, "label.y4m");
    await cameraFile(staff, bag.code, video);

    // a browser whose camera films the printed label
    const filming = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      args: [
        ...CHROMIUM_ARGS,
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
        `--use-file-for-fake-video-capture=${video}`,
      ],
    });
    try {
      const context = await filming.newContext({ viewport: { width: 390, height: 844 } });
      await context.grantPermissions(["camera"], { origin: base });
      const page = await context.newPage();
      await signIn(page, base, "courier");
      await page.locator("nav").getByRole("link", { name: "Trips" }).click();
      await page.getByLabel("Cool box").selectOption({ label: "Courier cool box 1" });
      await page.getByRole("button", { name: "Start trip" }).click();
      await page.getByLabel("Donor").selectOption({ label: "Anna (donor)" });
      await page.getByRole("button", { name: "Scan labels" }).click();
      await page.locator(".scan-status").getByText(`✓ ${bag.code} read`).waitFor(WAIT);
      expect(await page.getByLabel("Bag codes").inputValue()).toBe(bag.code);
      await screenshot(page, "label-scan");
      await page.getByRole("button", { name: "Stop camera" }).click();
      await page.getByRole("button", { name: "Scan labels" }).waitFor(WAIT);
      await page.getByRole("button", { name: "Record pick-up" }).click();
      await page.locator("table.manifest").getByText(bag.code).waitFor(WAIT);
      expect(gw.site.batches.get(bag.id)?.unitId).toBe("cool-box-1");
    } finally {
      await filming.close();
    }
  });

  it("staff move a bag by typing its code", async () => {
    const bag = gw.site.batches.list({ unitId: "bea-freezer" })[0];
    if (!bag) throw new Error("Bea has no bag in her fridge-freezer");
    const page = await newPage();
    await signIn(page, base, "staff");
    await page.locator("nav").getByRole("link", { name: "Bags" }).click();
    const form = page.getByRole("form", { name: "Move a bag by its code" });
    await form.getByLabel("Bag code").fill(bag.code.toLowerCase());
    await form.getByLabel("Move to").selectOption({ label: "Milk bank thawing fridge" });
    await form.getByRole("button", { name: "Move" }).click();
    await form.getByText(`✓ ${bag.label} (${bag.code}) moved: Milk bank thawing fridge`).waitFor(WAIT);
    expect(gw.site.batches.get(bag.id)?.unitId).toBe("bank-fridge");
  });
});
