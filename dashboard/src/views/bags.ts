// Bags per unit and per donor with their state and use-by under the site's rule set; register, move
// and discard (for those who may); and a bag's storage record, printable on one page, that a donor
// hands over with her milk instead of the paper freezer log. A bag going into a unit in alarm, or
// registered late into one that warmed since, shows the gateway's warning.
import { get, post } from "../api.js";
import { el, field, pageLink } from "../dom.js";
import { alertKind, date, dateTime, duration, PHASE, percent, SEVERITY, temp } from "../format.js";
import type { Page } from "../page.js";
import type { Bag, Me, RuleSet, UnitSummary, User } from "../types.js";
import { badge, empty, formError, submitting, table } from "../ui.js";
import { codesField } from "./scan-code.js";

/**
 * The use-by line of a bag: the date the gateway's rules worked out (the dashboard only shows it);
 * a countdown once the clock runs in hours, as that is what staff act on.
 */
export function useBy(bag: Bag, rules: RuleSet | undefined, now: number): string {
  const { thaw } = bag;
  if (thaw.phase === "expired" || thaw.phase === "discard")
    return thaw.discardReason ? `✖ ${thaw.discardReason}` : "✖ do not use";
  if (thaw.phase === "partially-thawed" && rules?.partialThawMayRefreeze) return "may go back in the freezer";
  const limit = thaw.useByMs;
  if (limit === undefined) return "not known yet";
  if (thaw.phase === "frozen") return `by ${date(limit)}`;
  return limit > now ? `◷ ${duration(limit - now)} left (by ${dateTime(limit)})` : "◷ limit passed";
}

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
  const unitName = (id: string | null) =>
    id === null
      ? "Not in a unit (handed out, used or discarded)"
      : (units.find((u) => u.id === id)?.name ?? id);

  const unitFilter = el(
    "select",
    { name: "unit" },
    el("option", { value: "" }, "all units"),
    ...units.map((u) => el("option", { value: u.id }, u.name)),
  );
  const donorFilter = el(
    "select",
    { name: "donor" },
    el("option", { value: "" }, "all donors"),
    ...donors.map((d) => el("option", { value: d.id }, d.displayName)),
  );
  const names = new Map([
    ...donors.map((d): [string, string] => [d.id, d.displayName]),
    [user.id, user.displayName],
  ]);
  const donorName = (id: string | undefined) => (id === undefined ? "—" : (names.get(id) ?? "another donor"));
  const list = el("div", { "aria-live": "polite" });
  // what the gateway says about a bag just moved (into a unit in alarm): kept above the list, which redraws
  const moveNotice = notice();
  root.append(
    el("h1", {}, "Bags"),
    el(
      "div",
      { class: "toolbar no-print" },
      field("Unit", unitFilter),
      donors.length ? field("Donor", donorFilter) : null,
      el("button", { type: "button", onclick: () => window.print() }, "Print this list"),
      user.can.handleBags ? pageLink(["labels"], { class: "button" }, "Print labels") : null,
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
      ...(bags.length === 0 ? [empty("No bags.")] : []),
      ...[...groups].map(([unitId, inUnit]) =>
        el(
          "section",
          { class: "bag-group" },
          el("h2", {}, unitName(unitId)),
          table(
            ["Bag", "Donor", "Expressed", "Volume", "State", "Use by", "Actions"],
            inUnit.map((bag) => [
              bagName(bag),
              donorName(bag.donorId),
              date(bag.expressedAtMs),
              `${bag.volumeMl} ml`,
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

/** warnings the gateway gives with a bag it has just taken in (the unit is in alarm...), in amber */
function notice(): { element: HTMLElement; show: (warnings: string[]) => void } {
  const element = el("div", { class: "bag-warnings", role: "alert" });
  const show = (warnings: string[]) =>
    element.replaceChildren(...warnings.map((w) => el("p", { class: "tone-warning" }, `⚠ ${w}`)));
  return { element, show };
}

function bagActions(
  bag: Bag,
  units: UnitSummary[],
  redraw: () => Promise<void>,
  warn: (warnings: string[]) => void,
): HTMLElement {
  const to = el(
    "select",
    { name: "toUnitId" },
    ...units.filter((u) => u.id !== bag.unitId).map((u) => el("option", { value: u.id }, u.name)),
    el("option", { value: "" }, "handed out / used"),
  );
  const move = el("form", {}, field("Move to", to), el("button", { type: "submit" }, "Move"), formError());
  move.addEventListener(
    "submit",
    submitting(move, async () => {
      const moved = await post("/api/batches/:id/move", { id: bag.id }, { toUnitId: to.value || null });
      warn(moved.warnings);
      await redraw();
    }),
  );
  const reason = el("input", { name: "reason", required: true, maxlength: 500 });
  const discard = el(
    "form",
    {},
    field("Reason", reason),
    el("button", { type: "submit", class: "danger" }, "Discard"),
    formError(),
  );
  discard.addEventListener(
    "submit",
    submitting(discard, async () => {
      await post("/api/batches/:id/discard", { id: bag.id }, { reason: reason.value });
      await redraw();
    }),
  );
  return el(
    "details",
    { class: "no-print" },
    el("summary", {}, `Move or discard ${bag.label}`),
    move,
    discard,
  );
}

/** at the bank's freezer, a bag in hand: its code typed or scanned from the label, and where it goes */
function moveByCode(
  units: UnitSummary[],
  redraw: () => Promise<void>,
  warn: (warnings: string[]) => void,
): HTMLElement {
  const code = codesField("code", false);
  const to = el(
    "select",
    { name: "toUnitId" },
    ...units.map((u) => el("option", { value: u.id }, u.name)),
    el("option", { value: "" }, "handed out / used"),
  );
  const done = el("p", { role: "status" });
  const form = el(
    "form",
    { class: "move-by-code no-print", "aria-label": "Move a bag by its code" },
    field("Bag code", code.control, "from its label"),
    code.scan,
    code.check,
    field("Move to", to),
    el("button", { type: "submit" }, "Move"),
    formError(),
    done,
  );
  form.addEventListener(
    "submit",
    submitting(form, async () => {
      done.textContent = "";
      const { codes, typos } = code.read();
      if (typos.length) throw new Error(typos.join("; "));
      const moved = await post(
        "/api/batches/:id/move",
        { id: codes[0]?.trim() ?? "" },
        { toUnitId: to.value || null },
      );
      const where = units.find((u) => u.id === moved.unitId)?.name ?? "handed out";
      done.textContent = `✓ ${moved.label} (${moved.code}) moved: ${where}`;
      code.control.value = "";
      warn(moved.warnings);
      await redraw();
    }),
  );
  return el("section", {}, el("h2", { class: "no-print" }, "Move a bag by its code"), form);
}

function registerForm(
  units: UnitSummary[],
  donors: User[],
  user: Me,
  redraw: () => Promise<void>,
): HTMLElement {
  const label = el("input", { name: "label", required: true, maxlength: 120 });
  const unit = el("select", { name: "unitId" }, ...units.map((u) => el("option", { value: u.id }, u.name)));
  const volume = el("input", {
    name: "volumeMl",
    type: "number",
    min: 1,
    max: 5000,
    required: true,
    value: 120,
  });
  const container = el(
    "select",
    { name: "container" },
    el("option", { value: "flat-bag" }, "flat bag"),
    el("option", { value: "bottle" }, "bottle"),
  );
  const expressed = el("input", {
    name: "expressedAt",
    type: "date",
    required: true,
    value: date(Date.now()),
  });
  const purpose = el(
    "select",
    { name: "purpose" },
    el("option", { value: "donation" }, "donation"),
    el("option", { value: "own" }, "own baby"),
  );
  const processing = el(
    "select",
    { name: "processing" },
    el("option", { value: "raw" }, "raw"),
    el("option", { value: "pasteurised" }, "pasteurised"),
  );
  // a donor registering yesterday's bags today gives when they went in; their state then follows the unit's air
  const putIn = el("input", { name: "putInAt", type: "datetime-local" });
  const warnings = notice();
  const registered = el("p", { class: "registered", role: "status" });
  const donor = el(
    "select",
    { name: "donorId" },
    el("option", { value: "" }, "none (bank stock)"),
    ...donors.map((d) => el("option", { value: d.id }, d.displayName)),
  );
  const form = el(
    "form",
    { class: "register no-print", "aria-label": "Register a bag" },
    field("Label", label),
    field("Unit", unit),
    field("Volume (ml)", volume),
    field("Container", container),
    field("Expressed on", expressed),
    field("Went in at", putIn, "only if before now: yesterday's bags registered today"),
    field("Purpose", purpose),
    field("Processing", processing),
    user.can.listPeople ? field("Donor", donor) : null,
    el("button", { type: "submit" }, "Register"),
    formError(),
    registered,
    warnings.element,
  );
  form.addEventListener(
    "submit",
    submitting(form, async () => {
      warnings.show([]);
      const placed = await post("/api/batches", {
        label: label.value,
        unitId: unit.value,
        volumeMl: Number(volume.value),
        // the selects offer only the gateway's words; it checks them again
        container: container.value as Bag["container"],
        expressedAtMs: new Date(`${expressed.value}T12:00`).getTime(),
        purpose: purpose.value as Bag["purpose"],
        processing: processing.value as Bag["processing"],
        ...(donor.value ? { donorId: donor.value } : {}),
        ...(putIn.value ? { putInAtMs: new Date(putIn.value).getTime() } : {}),
      });
      form.reset();
      warnings.show(placed.warnings);
      registered.replaceChildren(
        `✓ ${placed.label} registered: its code is `,
        el("strong", { class: "code" }, placed.code),
        " · ",
        pageLink(["labels", placed.code], {}, "print its label"),
      );
      await redraw();
    }),
  );
  return el("section", {}, el("h2", { class: "no-print" }, "Register a bag"), form);
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
  const unitName = (id: string | null) => (id === null ? "handed out" : (unitNames.get(id) ?? id));
  root.append(
    el("p", { class: "no-print" }, pageLink(["bags"], {}, "← All bags")),
    el("h1", {}, `Storage record · ${bag.label}`),
    el(
      "dl",
      { class: "facts" },
      el("dt", {}, "Bag code"),
      el(
        "dd",
        {},
        el("span", { class: "code" }, bag.code),
        " ",
        pageLink(["labels", bag.code], { class: "no-print" }, "Print its label"),
      ),
      el("dt", {}, "Donor"),
      el("dd", {}, bag.donorId ? (names.get(bag.donorId) ?? "—") : "—"),
      el("dt", {}, "Expressed"),
      el("dd", {}, dateTime(bag.expressedAtMs)),
      el("dt", {}, "Milk"),
      el("dd", {}, `${bag.volumeMl} ml, ${bag.container}, ${bag.purpose}, ${bag.processing}`),
      el("dt", {}, "State now"),
      el(
        "dd",
        {},
        badge(PHASE[bag.thaw.phase], bag.thaw.phase),
        ` milk ${temp(bag.thaw.milkTempC)}, ${percent(bag.thaw.iceFraction)} ice (estimated)`,
      ),
      el("dt", {}, "Use by"),
      el("dd", {}, useBy(bag, rules, Date.now())),
    ),
    el("h2", {}, "Where it was kept"),
    table(
      ["Unit", "From", "To", "Air lowest", "Air highest", "Readings"],
      stays.map((s) => [
        s.unitName,
        dateTime(s.fromMs),
        s.toMs === null ? "still there" : dateTime(s.toMs),
        temp(s.minC),
        temp(s.maxC),
        String(s.readings),
      ]),
      { class: "stays" },
    ),
    el("h2", {}, "Moves"),
    moves.length
      ? table(
          ["When", "From", "To", "By", "Note"],
          moves.map((m) => [
            dateTime(m.atMs),
            m.fromUnitId === null ? "—" : unitName(m.fromUnitId),
            unitName(m.toUnitId),
            m.by,
            m.note ?? "",
          ]),
        )
      : empty("None."),
    el("h2", {}, "Alerts while it was there"),
    alerts.length
      ? el(
          "ul",
          {},
          ...alerts.map((a) =>
            el(
              "li",
              {},
              `${SEVERITY[a.severity].icon} ${alertKind(a.kind)} · ${dateTime(a.openedAtMs)} · ${a.state}`,
              a.resolution ? ` · ${a.resolution.correctiveAction}` : "",
            ),
          ),
        )
      : empty("None: the air stayed within its limits."),
    el("p", { class: "muted" }, `Printed ${dateTime(Date.now())} from MilkGuard.`),
    el("button", { type: "button", class: "no-print", onclick: () => window.print() }, "Print"),
  );
}
