// A donation's record: every bag a donor hands over, with where each was kept and the air there, on
// paper that replaces the freezer log she used to keep; signed by her and by the collector.
import { get } from "../api.js";
import { el, field, pageLink } from "../dom.js";
import { date, dateTime, PHASE, temp } from "../format.js";
import type { Page } from "../page.js";
import type { Bag, BagHistory } from "../types.js";
import { badge, empty, table } from "../ui.js";
import { donorNames, useBy } from "./bags.js";

/** staff pick a donor; a donor goes straight to her own record */
export async function donationPicker(root: HTMLElement, page: Page): Promise<void> {
  if (!page.user.can.listPeople) {
    page.go(`donations/${encodeURIComponent(page.user.id)}`);
    return;
  }
  const donors = (await get("/api/users")).filter((u) => u.role === "donor");
  root.append(
    el("h1", {}, "Donation records"),
    donors.length
      ? el("ul", {}, ...donors.map((d) => el("li", {}, pageLink(["donations", d.id], {}, d.displayName))))
      : empty("No donors yet."),
  );
}

export async function donationRecord(root: HTMLElement, page: Page): Promise<void> {
  const donorId = page.params[0] ?? "";
  const [bags, profiles, names] = await Promise.all([
    get("/api/batches", { donorId }),
    page.profiles(),
    donorNames(page),
  ]);
  // the bags still to hand over: in one of her units, not discarded
  const handing = bags.filter((b) => b.unitId !== null && b.thaw.phase !== "discard");
  const histories = await Promise.all(handing.map((b) => get("/api/batches/:id/history", { id: b.id })));
  const rules = profiles.ruleSets.find((r) => r.id === profiles.siteRuleSetId);
  const now = Date.now();
  const totalMl = handing.reduce((sum, b) => sum + b.volumeMl, 0);
  const allFrozen = handing.every((b) => b.thaw.phase === "frozen");
  const alerts = histories.flatMap((h) => h.alerts);
  const first = Math.min(...handing.map((b) => b.expressedAtMs));
  const last = Math.max(...handing.map((b) => b.expressedAtMs));
  root.append(
    el("p", { class: "no-print" }, pageLink(["bags"], {}, "← Bags")),
    el("h1", {}, `Donation record · ${names.get(donorId) ?? "a donor"}`),
    handing.length === 0
      ? empty("No bags to hand over.")
      : el(
          "dl",
          { class: "facts" },
          el("dt", {}, "Bags"),
          el("dd", {}, `${handing.length}, ${totalMl} ml in all`),
          el("dt", {}, "Expressed"),
          el("dd", {}, first === last ? date(first) : `${date(first)} to ${date(last)}`),
          el("dt", {}, "Frozen throughout"),
          el("dd", {}, allFrozen ? "✔ yes, every bag is frozen" : "⚠ no: see each bag's state below"),
          el("dt", {}, "Alerts while they were kept"),
          el("dd", {}, alerts.length ? `⚠ ${alerts.length}: see each bag` : "none"),
        ),
    ...handing.map((bag, i) => bagSection(bag, histories[i], useBy(bag, rules, now))),
    el(
      "section",
      { class: "signatures" },
      field("Handed over by (donor)", el("span", { class: "signature-line" })),
      field("Collected by", el("span", { class: "signature-line" })),
      field("Date and time", el("span", { class: "signature-line" })),
    ),
    el("p", { class: "muted" }, `Printed ${dateTime(now)} from MilkGuard.`),
    el("button", { type: "button", class: "no-print", onclick: () => window.print() }, "Print"),
  );
}

function bagSection(bag: Bag, history: BagHistory | undefined, useByText: string): HTMLElement {
  return el(
    "section",
    { class: "donation-bag" },
    el(
      "h2",
      {},
      `${bag.label} · ${bag.volumeMl} ml · expressed ${dateTime(bag.expressedAtMs)} `,
      badge(PHASE[bag.thaw.phase], bag.thaw.phase),
    ),
    el("p", {}, "Bag code ", el("span", { class: "code" }, bag.code), ` · ${useByText}`),
    history?.stays.length
      ? table(
          ["Kept in", "From", "To", "Air lowest", "Air highest"],
          history.stays.map((s) => [
            s.unitName,
            dateTime(s.fromMs),
            s.toMs === null ? "now" : dateTime(s.toMs),
            temp(s.minC),
            temp(s.maxC),
          ]),
          { class: "stays" },
        )
      : empty("No readings yet."),
  );
}
