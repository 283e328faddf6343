// The installable app's service worker in Debian's Chromium: a push message delivered to it through
// the DevTools protocol (ServiceWorker.deliverPushMessage), as the gateway renders a donor's alert,
// shows a notice with the unit, the value and what to do, carrying the alert to open when tapped (the
// tap itself cannot be made here). The page is an installable web app: its manifest names the app,
// its start page and its icon.
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Gateway } from "../../gateway/app.js";
import type { AlertMessage } from "../../gateway/notify/message.js";
import { renderPush } from "../../gateway/notify/render.js";
import { launchChromium, screenshot, seedDemo, signIn, startGateway } from "./rig.js";

const WAIT = { timeout: 20_000 };
let gw: Gateway;
let remove: () => void;
let browser: Browser;
let context: BrowserContext;
let base: string;

beforeAll(async () => {
  ({ gw, remove } = await startGateway());
  base = `http://127.0.0.1:${gw.httpPort}`;
  await seedDemo(gw, 60 * 60_000);
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 420, height: 860 } });
  await context.grantPermissions(["notifications"], { origin: base });
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await gw?.close();
  remove?.();
});

/** a PNG's size from its header (the IHDR chunk), after checking the PNG signature */
async function pngSize(url: string): Promise<{ type: string | null; size: string }> {
  const response = await fetch(url);
  const bytes = Buffer.from(await response.arrayBuffer());
  expect(bytes.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
  expect(bytes.subarray(12, 16).toString("latin1")).toBe("IHDR");
  return {
    type: response.headers.get("content-type"),
    size: `${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`,
  };
}

describe("the app on a home screen", () => {
  it("has PNG icons of the sizes it states, and the 180 px one iOS takes (iOS takes no SVG)", async () => {
    const manifest = (await (await fetch(`${base}/manifest.webmanifest`)).json()) as {
      icons: { src: string; sizes: string; type: string }[];
    };
    const pngs = manifest.icons.filter((icon) => icon.type === "image/png");
    expect(pngs.map((icon) => icon.sizes).sort()).toEqual(["192x192", "512x512"]);
    for (const icon of pngs)
      expect(await pngSize(`${base}${icon.src}`)).toEqual({ type: "image/png", size: icon.sizes });

    const html = await (await fetch(`${base}/`)).text();
    const touchIcon = /<link rel="apple-touch-icon" href="([^"]+)"/.exec(html)?.[1];
    expect(touchIcon).toBeDefined();
    expect(await pngSize(`${base}${touchIcon}`)).toEqual({ type: "image/png", size: "180x180" });
  });
});

describe("a push notice on the phone", { timeout: 120_000 }, () => {
  it("shows the unit, the value and what to do, with the alert to open", async () => {
    const page = await context.newPage();
    await signIn(page, `${base}/`, "anna");
    const manifest = await (await fetch(`${base}/manifest.webmanifest`)).json();
    expect(manifest).toMatchObject({ name: "MilkGuard", start_url: "/", display: "standalone" });

    const cdp = await context.newCDPSession(page);
    const registration = new Promise<string>((resolve) => {
      cdp.on("ServiceWorker.workerRegistrationUpdated", ({ registrations }) => {
        const ours = registrations.find((r) => r.scopeURL === `${base}/` && !r.isDeleted);
        if (ours) resolve(ours.registrationId);
      });
    });
    await cdp.send("ServiceWorker.enable");
    // the page's own code, as the browser runs it (this file has no DOM types): the worker has
    // finished activating, so it takes push events
    await page.evaluate(
      "navigator.serviceWorker.ready.then((r) => r.active.state === 'activated' || new Promise((done) => r.active.addEventListener('statechange', () => r.active.state === 'activated' && done(true))))",
    );
    const registrationId = await registration;

    const message: AlertMessage = {
      kind: "alert",
      to: { userId: "anna", address: "" },
      alert: {
        ...{ id: "a-phone", key: "k", kind: "temperature-excursion", severity: "critical", state: "open" },
        ...{
          unitId: "anna-freezer",
          openedAtMs: Date.now(),
          escalationLevel: 0,
          lastNotifiedAtMs: Date.now(),
        },
        message:
          "The air in this freezer has been warmer than -10.0 °C for 31 min (now -5.0 °C). The milk may start to thaw: move the bags to a working freezer or a cool box with ice packs now.",
      },
      unitName: "Anna's freezer",
      reading: { tempC: -5, timeMs: Date.now() - 120_000 },
      bags: [{ label: "Monday 120 ml", action: "move-now", useByMs: null }],
      alertUrl: "https://milkbank.example/#/alerts/a-phone",
    };
    const payload = renderPush(message, Date.now());
    const shown = () =>
      page.evaluate(
        "navigator.serviceWorker.ready.then((r) => r.getNotifications()).then((all) => all.map((n) => ({ title: n.title, body: n.body, tag: n.tag, data: n.data })))",
      ) as Promise<unknown[]>;
    // DevTools drops a push silently when the worker does not start in time (a loaded CI machine):
    // delivered again, as a push service retries; the notice's tag keeps it one notice
    await expect
      .poll(
        async () => {
          await cdp.send("ServiceWorker.deliverPushMessage", {
            origin: base,
            registrationId,
            data: JSON.stringify(payload),
          });
          return shown();
        },
        { ...WAIT, interval: 3_000 },
      )
      .toHaveLength(1);
    expect((await shown())[0]).toEqual({
      title: "Critical: Anna's freezer, temperature excursion",
      body: "-5.0 °C 2 min ago. Move the bags to a working freezer now.",
      tag: "alert-a-phone",
      data: { url: "https://milkbank.example/#/alerts/a-phone" },
    });
    await screenshot(page, "push-notice-page");
  });
});
