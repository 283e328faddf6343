// Every page beyond the overview, alerts, daily report and unit page in French, in Debian's Chromium
// against a real gateway on a French site (`site.language: "fr"`): a browser in French signs in in
// French; a courier runs a trip (a typo, an unknown code, the hand-over) in French; staff and the
// admin open the bags, a bag's storage record, labels, donations, trips and a trip report, quarantine,
// notifications, the admin pages and the sensor Wi-Fi page. On each, none of that page's English
// words shows (text, labels, placeholders) and its French words do.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Gateway } from "../../gateway/app.js";
import { bagCodeOf } from "../../shared/bags/code.js";
import { launchChromium, password, screenshot, seedDemo, startGateway } from "./rig.js";

const MIN = 60_000;
const WAIT = { timeout: 20_000 };

/** per page: English the page used to show, and French it must show now */
const PAGES: Record<string, { english: string[]; french: string[] }> = {
  bags: {
    english: [
      "Print this list",
      "Use by",
      "Move a bag by its code",
      "Register a bag",
      "all units",
      "Expressed",
    ],
    french: ["Imprimer cette liste", "Déplacer un sachet par son code", "Tiré le"],
  },
  labels: {
    english: ["Bag labels", "Label sheet", "Print labels", "Expressed", "QR code of"],
    french: ["Étiquettes des sachets", "Planche d'étiquettes"],
  },
  donations: { english: ["Donation records"], french: ["Fiches de don"] },
  trips: {
    english: ["Start a trip", "Pick-ups", "handed over", "Trip of"],
    french: ["Commencer une tournée", "Tournée du"],
  },
  quarantine: {
    english: [
      "refused readings",
      "Clock correction",
      "Release ticked readings",
      "every reason",
      "all sensors",
    ],
    french: ["Correction d'horloge", "Libérer les mesures cochées"],
  },
  notifications: {
    english: ["Send alerts by", "Quiet hours", "Send me a test", "This site's settings", "Links in notices"],
    french: ["Envoyer les alertes par", "Heures calmes", "Réglages de ce site"],
  },
  admin: { english: ["People", "Sensors", "freezers, fridges"], french: ["Personnes", "Capteurs"] },
  "admin/users": {
    english: ["Add a person", "Name shown", "Milk bank staff", "can sign in", "At least 12 characters"],
    french: ["Ajouter une personne", "Équipe du lactarium", "Au moins 12 caractères"],
  },
  "admin/units": {
    english: ["Add a unit", "Owner", "Warning above", "the site"],
    french: ["Ajouter un appareil", "Alerte au-dessus de", "Propriétaire"],
  },
  "admin/devices": {
    english: ["Add a sensor", "Last heard", "Dropped readings", "New secrets", "made up when left empty"],
    french: ["Ajouter un capteur", "Mesures perdues"],
  },
  "sensor-wifi": {
    english: ["Connect my sensor", "Plug the sensor", "Wi-Fi name"],
    french: ["Connecter mon capteur au Wi-Fi", "Branchez le capteur"],
  },
};
const BAG_RECORD = {
  english: [
    "Storage record",
    "Where it was kept",
    "Alerts while it was there",
    "flat bag",
    "Printed",
    "Use by",
  ],
  french: ["Fiche de conservation", "Où il a été conservé", "sachet plat", "Imprimé le"],
};
const DONATION_RECORD = {
  english: ["Donation record", "Frozen throughout", "Collected by", "in all"],
  french: ["Fiche de don", "Restés congelés", "Collecté par"],
};
const TRIP = {
  english: ["Record pick-up", "Bag codes", "Hand over", "Scan labels", "Bag manifest", "Cool box"],
  french: ["Enregistrer la collecte", "Codes des sachets", "Scanner les étiquettes", "Liste des sachets"],
};
const REPORT = {
  english: ["Trip report", "Every bag stayed frozen", "Versions of this report", "Reception", "Accept"],
  french: ["Rapport de tournée", "Tous les sachets sont restés congelés", "Réception", "✓ Accepter"],
};

let gw: Gateway;
let remove: () => void;
let browser: Browser;
let base: string;
const contexts: BrowserContext[] = [];

/** a page in a browser whose language is French */
async function frenchPage(): Promise<Page> {
  const context = await browser.newContext({ locale: "fr-FR", viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  return context.newPage();
}

async function signInFrench(page: Page, name: string): Promise<void> {
  await page.goto(base);
  await page.getByLabel("Identifiant").fill(name);
  await page.getByLabel("Mot de passe").fill(password(name));
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page.locator("nav").waitFor();
}

/** the page's words: its text, and the names and hints that are not text (labels, placeholders, alt) */
const WORDS = `(() => {
  const main = document.querySelector("main") ?? document.body;
  const attributes = [...main.querySelectorAll("[aria-label], [placeholder], [alt]")].flatMap((e) =>
    ["aria-label", "placeholder", "alt"].map((a) => e.getAttribute(a) ?? ""));
  return [main.innerText, ...attributes].join("\\n");
})()`;

/** the phrase as a whole word or words ("Accept" is not in "Accepter") */
const phrase = (words: string) =>
  new RegExp(`(?<!\\p{L})${words.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?!\\p{L})`, "u");

/** the page's words hold none of its English and all of its French */
async function inFrench(page: Page, where: string, words: { english: string[]; french: string[] }) {
  await page
    .getByText(words.french[0] ?? "", { exact: false })
    .first()
    .waitFor(WAIT);
  const text = await page.evaluate<string>(WORDS);
  const found = words.english.filter((w) => phrase(w).test(text));
  expect({ where, english: found }).toEqual({ where, english: [] });
  expect({ where, missing: words.french.filter((w) => !text.includes(w)) }).toEqual({ where, missing: [] });
}

async function open(page: Page, path: string): Promise<void> {
  await page.evaluate(`location.hash = ${JSON.stringify(`#/${path}`)}`);
  await page.locator('main .page h1[tabindex="-1"], main .page .notice').first().waitFor(WAIT);
}

beforeAll(async () => {
  ({ gw, remove } = await startGateway(undefined, { language: "fr", timeZone: "Europe/Paris" }));
  base = `http://127.0.0.1:${gw.httpPort}/`;
  await seedDemo(gw, 60 * MIN);
  browser = await launchChromium();
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await gw?.close();
  remove?.();
});

describe("the other pages in French", { timeout: 120_000 }, () => {
  it("shows a French browser the sign-in and first-admin pages in French", async () => {
    const page = await frenchPage();
    await page.goto(`${base}#/setup/a-token`);
    await inFrench(page, "setup", {
      english: ["Set up MilkGuard", "Password again", "Create the admin", "Name shown"],
      french: ["Installer MilkGuard", "Créer l'administrateur"],
    });
    await page.goto(base);
    await page.reload();
    await inFrench(page, "login", {
      english: ["Sign in", "Password", "see your milk"],
      french: ["Se connecter", "Identifiant", "Mot de passe"],
    });
    expect(await page.locator("html").getAttribute("lang")).toBe("fr");
    // a refusal is said in French from its code (the gateway writes English)
    await page.getByLabel("Identifiant").fill("anna");
    await page.getByLabel("Mot de passe").fill("not her password");
    await page.getByRole("button", { name: "Se connecter" }).click();
    await page.locator(".form-error").getByText("Identifiant ou mot de passe incorrect").waitFor(WAIT);
  });

  it("lets a French courier run a trip in French: a typo, an unknown code, the hand-over", async () => {
    const bag = gw.site.batches.list({ unitId: "anna-freezer" })[0];
    if (!bag) throw new Error("Anna has no bag");
    const typo = `${bag.code.slice(0, -1)}${bag.code.at(-1) === "7" ? "8" : "7"}`;
    const unknown = [0, 1, 2].map(bagCodeOf).find((c) => !gw.site.batches.byCode(c)) ?? "";
    const page = await frenchPage();
    await signInFrench(page, "courier");
    await page.locator("nav").getByRole("link", { name: "Tournées" }).click();
    await page.getByLabel("Glacière").selectOption({ label: "Courier cool box 1" });
    await page.getByRole("button", { name: "Commencer la tournée" }).click();
    await page.getByRole("heading", { name: "Tournée", exact: true }).waitFor(WAIT);
    await inFrench(page, "trip", TRIP);

    await page.getByLabel("Donneuse").selectOption({ label: "Anna (donor)" });
    await page.getByLabel("Codes des sachets").fill(typo);
    await page
      .locator(".code-check")
      .getByText(`${typo} : la lettre de contrôle ne correspond pas`)
      .waitFor(WAIT);
    await page.getByLabel("Codes des sachets").fill(unknown);
    await page.getByRole("button", { name: "Enregistrer la collecte" }).click();
    await page.locator(".pickup .form-error").getByText("Introuvable").waitFor(WAIT);
    await page.getByLabel("Codes des sachets").fill(bag.code);
    await page.getByRole("button", { name: "Enregistrer la collecte" }).click();
    await page.locator("table.manifest").getByText(bag.code).waitFor(WAIT);

    await page.getByRole("button", { name: "Remettre" }).click();
    const confirm = page.getByRole("form", { name: "Confirmer la remise" });
    await confirm.getByText("1 sachet de Anna (donor)").waitFor(WAIT);
    await screenshot(page, "trip-handover-fr");
    await confirm.getByRole("button", { name: "Confirmer la remise" }).click();
    await page.getByRole("heading", { name: "Rapport de tournée" }).waitFor(WAIT);
  });

  it("shows staff and the admin every other page in French", async () => {
    const staff = await frenchPage();
    await signInFrench(staff, "staff");
    for (const path of ["bags", "labels", "donations", "trips"]) {
      await open(staff, path);
      await inFrench(staff, path, PAGES[path] ?? { english: [], french: [] });
    }
    const bag = gw.site.batches.list({ unitId: "anna-freezer" })[1];
    await open(staff, `bags/${bag?.id}`);
    await inFrench(staff, "bag record", BAG_RECORD);
    await open(staff, `donations/${gw.site.users.byName("anna")?.id}`);
    await inFrench(staff, "donation record", DONATION_RECORD);
    const trip = gw.site.trips.list({})[0];
    await open(staff, `trips/${trip?.id}`);
    await inFrench(staff, "trip report", REPORT);
    await screenshot(staff, "trip-report-fr");

    const admin = await frenchPage();
    await signInFrench(admin, "admin");
    for (const path of [
      "admin",
      "admin/users",
      "admin/units",
      "admin/devices",
      "quarantine",
      "notifications",
      "sensor-wifi",
    ]) {
      await open(admin, path);
      await inFrench(admin, path, PAGES[path] ?? { english: [], french: [] });
    }
  });
});
