// Labels for bags: a sheet of them on common self-adhesive label stock (A4 3×8, US Letter 3×10,
// chosen on the page) or one bag's label alone. Each label carries the bag's code in large letters,
// the same code as a QR code (scanned at pick-up and reception), the donor's name, the expression
// date and the volume. Each printed sheet is one page of the stock: its size and margins come from
// the layout's named @page in style.css.
import { get } from "../api.js";
import { el, field, pageLink } from "../dom.js";
import { date } from "../format.js";
import { t } from "../i18n/reader.js";
import type { Page } from "../page.js";
import type { Bag } from "../types.js";
import { empty } from "../ui.js";
import { donorNames, millilitres } from "./bags.js";

/** the label stock: the dimensions are the stock's (Avery 3475 on A4, Avery 5160 on US Letter) */
const LAYOUTS = {
  "a4-3x8": { perSheet: 24 },
  "letter-3x10": { perSheet: 30 },
} as const;
type Layout = keyof typeof LAYOUTS;

const SVG = "http://www.w3.org/2000/svg";

/** the QR code as SVG built through the DOM (no markup parsed), one path of dark modules */
async function qrCode(text: string): Promise<SVGSVGElement> {
  // qrcode is CommonJS: the bundle hands it over as the default export
  const { default: qr } = await import("qrcode");
  const { modules } = qr.create(text, { errorCorrectionLevel: "M" });
  const quiet = 2;
  const size = modules.size + 2 * quiet;
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", `0 0 ${size} ${size}`);
  svg.setAttribute("class", "qr");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", t().labels.qrOf(text));
  let d = "";
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (modules.get(row, col)) d += `M${col + quiet} ${row + quiet}h1v1h-1z`;
    }
  }
  const path = document.createElementNS(SVG, "path");
  path.setAttribute("d", d);
  svg.append(path);
  return svg;
}

async function label(bag: Bag, donor: string): Promise<HTMLElement> {
  return el(
    "div",
    { class: "label", "data-code": bag.code },
    await qrCode(bag.code),
    el(
      "div",
      { class: "label-text" },
      el("strong", { class: "label-code" }, bag.code),
      el("span", {}, donor),
      el("span", {}, t().labels.expressed(date(bag.expressedAtMs))),
      el("span", {}, millilitres(bag.volumeMl)),
    ),
  );
}

/** the bags on one printed page each */
function sheetsOf<T>(items: T[], perSheet: number): T[][] {
  const sheets: T[][] = [];
  for (let i = 0; i < items.length; i += perSheet) sheets.push(items.slice(i, i + perSheet));
  return sheets;
}

/** #/labels: every bag still in a unit; #/labels/<code>: that bag's label alone */
export async function labelSheet(root: HTMLElement, page: Page): Promise<void> {
  const one = page.params[0];
  const [bags, names] = await Promise.all([
    one ? get("/api/batches/:id/history", { id: one }).then((h) => [h.batch]) : get("/api/batches"),
    donorNames(page),
  ]);
  const printable = one ? bags : bags.filter((b) => b.unitId !== null && b.thaw.phase !== "discard");
  const labels = await Promise.all(
    printable.map((b) => label(b, b.donorId ? (names.get(b.donorId) ?? "") : "")),
  );
  const words = t().labels;
  const layout = el(
    "select",
    { name: "layout" },
    ...Object.keys(LAYOUTS).map((id) => el("option", { value: id }, words.layouts[id as Layout])),
  );
  // a sheet is as wide as its paper: on a phone it scrolls sideways, by keyboard too
  const sheets = el("div", {
    class: "label-sheets",
    role: "region",
    "aria-label": words.asPrinted,
    tabindex: 0,
  });
  const draw = () => {
    const chosen = layout.value as Layout;
    sheets.replaceChildren(
      ...sheetsOf(labels, LAYOUTS[chosen].perSheet).map((onSheet) =>
        el("div", { class: "label-sheet", "data-layout": chosen }, ...onSheet),
      ),
    );
  };
  layout.addEventListener("change", draw);
  draw();
  root.append(
    el("p", { class: "no-print" }, pageLink(one ? ["bags", one] : ["bags"], {}, words.back)),
    el("h1", { class: "no-print" }, one ? words.one(printable[0]?.label ?? one) : words.title),
    el(
      "div",
      { class: "toolbar no-print" },
      field(words.sheet, layout, words.sheetHint),
      el("button", { type: "button", onclick: () => window.print() }, words.print),
    ),
    labels.length ? sheets : empty(words.none),
  );
}
