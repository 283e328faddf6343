// The bag list's forms, for those who may handle bags: move or discard a bag from its row, move a bag
// in hand by the code on its label (typed or scanned), register a new one. A bag going into a unit in
// alarm, or registered late into one that warmed since, shows the gateway's warning.
import { post } from "../api.js";
import { el, field, pageLink } from "../dom.js";
import { date } from "../format.js";
import { t } from "../i18n/reader.js";
import type { Bag, Me, UnitSummary, User } from "../types.js";
import { formError, submitting } from "../ui.js";
import { codesField } from "./scan-code.js";

/** warnings the gateway gives with a bag it has just taken in (the unit is in alarm...), in amber */
export function notice(): { element: HTMLElement; show: (warnings: string[]) => void } {
  const element = el("div", { class: "bag-warnings", role: "alert" });
  const show = (warnings: string[]) =>
    element.replaceChildren(...warnings.map((w) => el("p", { class: "tone-warning" }, `⚠ ${w}`)));
  return { element, show };
}

/** the units a bag can go to, and "handed out / used" (out of every unit) */
function destinations(units: UnitSummary[]): HTMLSelectElement {
  return el(
    "select",
    { name: "toUnitId" },
    ...units.map((u) => el("option", { value: u.id }, u.name)),
    el("option", { value: "" }, t().bags.handedOutOrUsed),
  );
}

export function bagActions(
  bag: Bag,
  units: UnitSummary[],
  redraw: () => Promise<void>,
  warn: (warnings: string[]) => void,
): HTMLElement {
  const words = t().bags;
  const to = destinations(units.filter((u) => u.id !== bag.unitId));
  const move = el(
    "form",
    {},
    field(words.moveTo, to),
    el("button", { type: "submit" }, words.move),
    formError(),
  );
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
    field(words.reason, reason),
    el("button", { type: "submit", class: "danger" }, words.discard),
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
    el("summary", {}, words.moveOrDiscard(bag.label)),
    move,
    discard,
  );
}

/** at the bank's freezer, a bag in hand: its code typed or scanned from the label, and where it goes */
export function moveByCode(
  units: UnitSummary[],
  redraw: () => Promise<void>,
  warn: (warnings: string[]) => void,
): HTMLElement {
  const words = t().bags;
  const code = codesField("code", false);
  const to = destinations(units);
  const done = el("p", { role: "status" });
  const form = el(
    "form",
    { class: "move-by-code no-print", "aria-label": words.moveByCode },
    field(words.bagCode, code.control, words.fromLabel),
    code.scan,
    code.check,
    field(words.moveTo, to),
    el("button", { type: "submit" }, words.move),
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
      const where = units.find((u) => u.id === moved.unitId)?.name ?? words.handedOut;
      done.textContent = words.moved(moved.label, moved.code, where);
      code.control.value = "";
      warn(moved.warnings);
      await redraw();
    }),
  );
  return el("section", {}, el("h2", { class: "no-print" }, words.moveByCode), form);
}

/** a select of the gateway's words (value) shown in the reader's (text) */
function choice<K extends string>(name: string, words: Record<K, string>): HTMLSelectElement {
  return el(
    "select",
    { name },
    ...(Object.entries(words) as [K, string][]).map(([value, text]) => el("option", { value }, text)),
  );
}

export function registerForm(
  units: UnitSummary[],
  donors: User[],
  user: Me,
  redraw: () => Promise<void>,
): HTMLElement {
  const words = t().bags;
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
  const container = choice("container", words.container);
  const expressed = el("input", {
    name: "expressedAt",
    type: "date",
    required: true,
    value: date(Date.now()),
  });
  const purpose = choice("purpose", words.purpose);
  const processing = choice("processing", words.processing);
  // a donor registering yesterday's bags today gives when they went in; their state then follows the unit's air
  const putIn = el("input", { name: "putInAt", type: "datetime-local" });
  const warnings = notice();
  const registered = el("p", { class: "registered", role: "status" });
  const donor = el(
    "select",
    { name: "donorId" },
    el("option", { value: "" }, words.bankStock),
    ...donors.map((d) => el("option", { value: d.id }, d.displayName)),
  );
  const form = el(
    "form",
    { class: "register no-print", "aria-label": words.register },
    field(words.label, label),
    field(words.unit, unit),
    field(words.volume, volume),
    field(words.containerField, container),
    field(words.expressedOn, expressed),
    field(words.wentIn, putIn, words.wentInHint),
    field(words.purposeField, purpose),
    field(words.processingField, processing),
    user.can.listPeople ? field(words.donor, donor) : null,
    el("button", { type: "submit" }, words.registerButton),
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
        words.registered(placed.label),
        el("strong", { class: "code" }, placed.code),
        " · ",
        pageLink(["labels", placed.code], {}, words.printItsLabelLower),
      );
      await redraw();
    }),
  );
  return el("section", {}, el("h2", { class: "no-print" }, words.register), form);
}
