// Bags per unit and per donor with their state and use-by under the site's rule set (its forms, for
// those who may register, move and discard: bag-forms.ts); and a bag's storage record, printable on
// one page, that a donor hands over with her milk instead of the paper freezer log.
import { get } from "../api.js";
import { el, field, pageLink } from "../dom.js";
import {
  ALERT_STATE,
  alertKind,
  date,
  dateTime,
  duration,
  PHASE,
  percent,
  SEVERITY,
  temp,
} from "../format.js";
import { plural, t } from "../i18n/reader.js";
import type { Page } from "../page.js";
import type { Bag, RuleSet } from "../types.js";
import { badge, empty, table } from "../ui.js";
import { bagActions, moveByCode, notice, registerForm } from "./bag-forms.js";

/**
 * The use-by line of a bag: the date the gateway's rules worked out (the dashboard only shows it);
 * a countdown once the clock runs in hours, as that is what staff act on.
 */
export function useBy(bag: Bag, rules: RuleSet | undefined, now: number): string {
  const { thaw } = bag;
  const words = t().bags.useBy;
  if (thaw.phase === "expired" || thaw.phase === "discard")
    return thaw.discardReason ? `✖ ${thaw.discardReason}` : words.doNotUse;
  if (thaw.phase === "partially-thawed" && rules?.partialThawMayRefreeze) return words.mayRefreeze;
  const limit = thaw.useByMs;
  if (limit === undefined) return words.notKnown;
  if (thaw.phase === "frozen") return words.by(date(limit));
  return limit > now ? words.left(duration(limit - now), dateTime(limit)) : words.passed;
}

/** a volume as the reader's language writes its numbers */
export const millilitres = (ml: number): string => plural(t().bags.ml, ml);

/** donors' names by id: staff know every donor, a donor herself */
export async function donorNames(page: Page): Promise<Map<string, string>> {
  const users = page.user.can.listPeople ? await get("/api/users") : [page.user];
  return new Map(users.map((u) => [u.id, u.displayName]));
}

/** a bag as people know it: its label, linked to its storage record, and the code on its label */
export function bagName(bag: Pick<Bag, "code" | "label">): HTMLElement {
  return el(
    "span",
    { class: "bag-name" },
    pageLink(["bags", bag.code], {}, bag.label),
    " ",
    el("small", { class: "code" }, bag.code),
  );
}

export async function bagList(root: HTMLElement, page: Page): Promise<void> {
  const { user } = page;
  const [units, profiles, donors] = await Promise.all([
    get("/api/units"),
    page.profiles(),
    user.can.listPeople
      ? get("/api/users").then((users) => users.filter((u) => u.role === "donor"))
      : Promise.resolve([]),
  ]);
  const rules = profiles.ruleSets.find((r) => r.id === profiles.siteRuleSetId);
  const words = t().bags;
  const unitName = (id: string | null) =>
    id === null ? words.notInUnit : (units.find((u) => u.id === id)?.name ?? id);

  const unitFilter = el(
    "select",
    { name: "unit" },
    el("option", { value: "" }, words.allUnits),
    ...units.map((u) => el("option", { value: u.id }, u.name)),
  );
  const donorFilter = el(
    "select",
    { name: "donor" },
    el("option", { value: "" }, words.allDonors),
    ...donors.map((d) => el("option", { value: d.id }, d.displayName)),
  );
  const names = new Map([
    ...donors.map((d): [string, string] => [d.id, d.displayName]),
    [user.id, user.displayName],
  ]);
  const donorName = (id: string | undefined) =>
    id === undefined ? "—" : (names.get(id) ?? words.anotherDonor);
  const list = el("div", { "aria-live": "polite" });
  // what the gateway says about a bag just moved (into a unit in alarm): kept above the list, which redraws
  const moveNotice = notice();
  root.append(
    el("h1", {}, words.title),
    el(
      "div",
      { class: "toolbar no-print" },
      field(words.unit, unitFilter),
      donors.length ? field(words.donor, donorFilter) : null,
      el("button", { type: "button", onclick: () => window.print() }, words.printList),
      user.can.handleBags ? pageLink(["labels"], { class: "button" }, words.printLabels) : null,
    ),
    moveNotice.element,
    list,
  );

  const draw = async () => {
    const bags = await get("/api/batches", {
      unitId: unitFilter.value || undefined,
      donorId: donorFilter.value || undefined,
    });
    const now = Date.now();
    const groups = new Map<string | null, Bag[]>();
    for (const bag of bags) groups.set(bag.unitId, [...(groups.get(bag.unitId) ?? []), bag]);
    list.replaceChildren(
      ...(bags.length === 0 ? [empty(words.none)] : []),
      ...[...groups].map(([unitId, inUnit]) =>
        el(
          "section",
          { class: "bag-group" },
          el("h2", {}, unitName(unitId)),
          table(
            words.columns,
            inUnit.map((bag) => [
              bagName(bag),
              donorName(bag.donorId),
              date(bag.expressedAtMs),
              millilitres(bag.volumeMl),
              badge(PHASE[bag.thaw.phase], bag.thaw.phase),
              useBy(bag, rules, now),
              user.can.handleBags && bag.unitId !== null
                ? bagActions(bag, units, draw, moveNotice.show)
                : null,
            ]),
            { class: "bags", "data-unit-id": unitId ?? "" },
          ),
        ),
      ),
    );
  };
  unitFilter.addEventListener("change", () => void draw());
  donorFilter.addEventListener("change", () => void draw());
  await draw();
  if (user.can.handleBags) {
    root.append(moveByCode(units, draw, moveNotice.show), registerForm(units, donors, user, draw));
  }

  let pending: ReturnType<typeof setTimeout> | undefined;
  // a redraw would throw away a move or discard form someone is filling in: wait until they are done
  const busy = () => list.querySelector("details[open]") !== null || list.contains(document.activeElement);
  const redraw = () => {
    clearTimeout(pending);
    pending = setTimeout(() => (busy() ? redraw() : void draw().catch(() => {})), 300);
  };
  page.onLeave(page.live.on("batch", redraw));
  const ticker = setInterval(redraw, 60_000);
  page.onLeave(() => {
    clearTimeout(pending);
    clearInterval(ticker);
  });
}

export async function bagRecord(root: HTMLElement, page: Page): Promise<void> {
  const bagId = page.params[0] ?? "";
  const [history, profiles, names] = await Promise.all([
    get("/api/batches/:id/history", { id: bagId }),
    page.profiles(),
    donorNames(page),
  ]);
  const { batch: bag, stays, moves, alerts } = history;
  const rules = profiles.ruleSets.find((r) => r.id === profiles.siteRuleSetId);
  const unitNames = new Map(stays.map((s) => [s.unitId, s.unitName]));
  const words = t().bagRecord;
  const unitName = (id: string | null) => (id === null ? t().bags.handedOut : (unitNames.get(id) ?? id));
  const { container, purpose, processing } = t().bags;
  root.append(
    el("p", { class: "no-print" }, pageLink(["bags"], {}, words.all)),
    el("h1", {}, words.title(bag.label)),
    el(
      "dl",
      { class: "facts" },
      el("dt", {}, words.bagCode),
      el(
        "dd",
        {},
        el("span", { class: "code" }, bag.code),
        " ",
        pageLink(["labels", bag.code], { class: "no-print" }, words.printItsLabel),
      ),
      el("dt", {}, words.donor),
      el("dd", {}, bag.donorId ? (names.get(bag.donorId) ?? "—") : "—"),
      el("dt", {}, words.expressed),
      el("dd", {}, dateTime(bag.expressedAtMs)),
      el("dt", {}, words.milk),
      el(
        "dd",
        {},
        [
          millilitres(bag.volumeMl),
          container[bag.container],
          purpose[bag.purpose],
          processing[bag.processing],
        ].join(", "),
      ),
      el("dt", {}, words.stateNow),
      el(
        "dd",
        {},
        badge(PHASE[bag.thaw.phase], bag.thaw.phase),
        words.estimate(temp(bag.thaw.milkTempC), percent(bag.thaw.iceFraction)),
      ),
      el("dt", {}, words.useBy),
      el("dd", {}, useBy(bag, rules, Date.now())),
    ),
    el("h2", {}, words.kept),
    table(
      words.stayColumns,
      stays.map((s) => [
        s.unitName,
        dateTime(s.fromMs),
        s.toMs === null ? words.stillThere : dateTime(s.toMs),
        temp(s.minC),
        temp(s.maxC),
        String(s.readings),
      ]),
      { class: "stays" },
    ),
    el("h2", {}, words.moves),
    moves.length
      ? table(
          words.moveColumns,
          moves.map((m) => [
            dateTime(m.atMs),
            m.fromUnitId === null ? "—" : unitName(m.fromUnitId),
            unitName(m.toUnitId),
            m.by,
            m.note ?? "",
          ]),
        )
      : empty(words.none),
    el("h2", {}, words.alerts),
    alerts.length
      ? el(
          "ul",
          {},
          ...alerts.map((a) =>
            el(
              "li",
              {},
              `${SEVERITY[a.severity].icon} ${alertKind(a.kind)} · ${dateTime(a.openedAtMs)} · ${ALERT_STATE[a.state].text}`,
              a.resolution ? ` · ${a.resolution.correctiveAction}` : "",
            ),
          ),
        )
      : empty(words.noAlert),
    el("p", { class: "muted" }, words.printed(dateTime(Date.now()))),
    el("button", { type: "button", class: "no-print", onclick: () => window.print() }, words.print),
  );
}
