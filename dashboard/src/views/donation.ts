// A donation's record: every bag a donor hands over, with where each was kept and the air there, on
// paper that replaces the freezer log she used to keep; signed by her and by the collector.
import { get } from "../api.js";
import { el, field, pageLink } from "../dom.js";
import { date, dateTime, PHASE, temp } from "../format.js";
import { t } from "../i18n/reader.js";
import type { Page } from "../page.js";
import type { Bag, BagHistory } from "../types.js";
import { badge, empty, table } from "../ui.js";
import { donorNames, millilitres, useBy } from "./bags.js";

/** staff pick a donor; a donor goes straight to her own record */
export async function donationPicker(root: HTMLElement, page: Page): Promise<void> {
  if (!page.user.can.listPeople) {
    page.go(`donations/${encodeURIComponent(page.user.id)}`);
    return;
  }
  const donors = (await get("/api/users")).filter((u) => u.role === "donor");
  const words = t().donation;
  root.append(
    el("h1", {}, words.records),
    donors.length
      ? el("ul", {}, ...donors.map((d) => el("li", {}, pageLink(["donations", d.id], {}, d.displayName))))
      : empty(words.noDonor),
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
  const words = t().donation;
  root.append(
    el("p", { class: "no-print" }, pageLink(["bags"], {}, words.back)),
    el("h1", {}, words.title(names.get(donorId) ?? words.aDonor)),
    handing.length === 0
      ? empty(words.nothing)
      : el(
          "dl",
          { class: "facts" },
          el("dt", {}, words.bags),
          el("dd", {}, words.count(handing.length, millilitres(totalMl))),
          el("dt", {}, words.expressed),
          el("dd", {}, first === last ? date(first) : words.fromTo(date(first), date(last))),
          el("dt", {}, words.frozen),
          el("dd", {}, allFrozen ? words.allFrozen : words.notAllFrozen),
          el("dt", {}, words.alerts),
          el("dd", {}, alerts.length ? words.someAlerts(alerts.length) : words.noAlert),
        ),
    ...handing.map((bag, i) => bagSection(bag, histories[i], useBy(bag, rules, now))),
    el(
      "section",
      { class: "signatures" },
      field(words.handedBy, el("span", { class: "signature-line" })),
      field(words.collectedBy, el("span", { class: "signature-line" })),
      field(words.dateTime, el("span", { class: "signature-line" })),
    ),
    el("p", { class: "muted" }, t().bagRecord.printed(dateTime(now))),
    el("button", { type: "button", class: "no-print", onclick: () => window.print() }, t().bagRecord.print),
  );
}

function bagSection(bag: Bag, history: BagHistory | undefined, useByText: string): HTMLElement {
  const words = t().donation;
  return el(
    "section",
    { class: "donation-bag" },
    el(
      "h2",
      {},
      words.bagHeading(bag.label, millilitres(bag.volumeMl), dateTime(bag.expressedAtMs)),
      badge(PHASE[bag.thaw.phase], bag.thaw.phase),
    ),
    el("p", {}, words.bagCode, el("span", { class: "code" }, bag.code), ` · ${useByText}`),
    history?.stays.length
      ? table(
          words.stayColumns,
          history.stays.map((s) => [
            s.unitName,
            dateTime(s.fromMs),
            s.toMs === null ? words.now : dateTime(s.toMs),
            temp(s.minC),
            temp(s.maxC),
          ]),
          { class: "stays" },
        )
      : empty(words.noReadings),
  );
}
