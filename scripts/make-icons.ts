// npx tsx scripts/make-icons.ts: the dashboard's PNG icons, drawn from dashboard/icon.svg by the
// Chromium the tests use, written beside it; run by hand when the SVG changes, and commit the PNGs.
// iOS ignores SVG icons: its home screen takes the 180x180 apple-touch-icon, square and opaque (iOS
// rounds the corners itself, and paints a transparent corner black); Android's install takes the
// manifest's 192 and 512 pixel icons.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { launchChromium } from "../test/dashboard/rig.js";

const DASHBOARD = join(import.meta.dirname, "..", "dashboard");
const ROUNDED = ' rx="96"';

/** file, size in pixels, whether the corners stay rounded (and transparent) */
const ICONS = [
  { file: "icon-192.png", px: 192, rounded: true },
  { file: "icon-512.png", px: 512, rounded: true },
  { file: "apple-touch-icon.png", px: 180, rounded: false },
] as const;

const svg = readFileSync(join(DASHBOARD, "icon.svg"), "utf8");
if (!svg.includes(ROUNDED)) throw new Error(`dashboard/icon.svg: no${ROUNDED} on its background to square`);
const browser = await launchChromium();
try {
  for (const { file, px, rounded } of ICONS) {
    const page = await browser.newPage({ viewport: { width: px, height: px }, deviceScaleFactor: 1 });
    const drawn = (rounded ? svg : svg.replace(ROUNDED, "")).replace(
      "<svg ",
      `<svg width="${px}" height="${px}" `,
    );
    await page.setContent(`<html><body style="margin:0;background:transparent">${drawn}</body></html>`);
    await page.screenshot({ path: join(DASHBOARD, file), omitBackground: true });
    await page.close();
    console.log(`dashboard/${file}: ${px}x${px}`);
  }
} finally {
  await browser.close();
}
