// A trip's forms: on the road, the courier records each pick-up (bag codes typed or scanned) and
// hands the box over at the milk bank, after seeing what she hands over; then reception accepts or
// rejects the report.
import { post } from "../api.js";
import { el, field } from "../dom.js";
import { currentReader, plural, t } from "../i18n/reader.js";
import type { Page } from "../page.js";
import type { Trip, TripChoices } from "../types.js";
import { formError, submitting } from "../ui.js";
import { codesField } from "./scan-code.js";

export function onTheRoad(
  trip: Trip,
  page: Page,
  donors: TripChoices["donors"],
  redraw: () => Promise<void>,
  nameOf: (id: string) => string,
): HTMLElement[] {
  const runsIt = page.user.id === trip.courierId || page.user.can.wholeSite;
  if (!runsIt) return [];
  const words = t().road;
  const donor = el(
    "select",
    { name: "donorId", required: true },
    ...donors.map((d) => el("option", { value: d.id }, d.displayName)),
  );
  const codes = codesField("batchIds", true);
  const pickup = el(
    "form",
    { class: "pickup", "aria-label": words.recordPickup },
    field(words.donor, donor),
    field(words.bagCodes, codes.control, words.bagCodesHint),
    codes.scan,
    codes.check,
    el("button", { type: "submit" }, words.recordButton),
    formError(),
  );
  pickup.addEventListener(
    "submit",
    submitting(pickup, async () => {
      const { codes: batchIds, typos } = codes.read();
      if (typos.length) throw new Error(typos.join("; "));
      await post("/api/trips/:id/pickups", { id: trip.id }, { donorId: donor.value, batchIds });
      await redraw();
    }),
  );
  return [
    el("h2", {}, words.pickUp),
    pickup,
    el("h2", {}, words.handOverTitle),
    handOver(trip, redraw, nameOf),
  ];
}

/** hand-over cannot be undone: it first shows what will be handed over, and asks */
function handOver(trip: Trip, redraw: () => Promise<void>, nameOf: (id: string) => string): HTMLElement {
  const words = t().road;
  const bags = trip.pickups.reduce((n, p) => n + p.batchIds.length, 0);
  const from = [...new Set(trip.pickups.map((p) => nameOf(p.donorId)))];
  const donors = new Intl.ListFormat(currentReader().language, { type: "conjunction" }).format(from);
  const summary = el(
    "p",
    { class: "handover-summary" },
    bags ? plural(words.bagsFrom, bags).replace("{donors}", donors) : words.noBags,
    words.cannotUndo,
  );
  const confirm = el(
    "form",
    { class: "handover", "aria-label": words.confirmForm, hidden: true },
    summary,
    el("button", { type: "submit" }, words.confirm),
    " ",
    el(
      "button",
      {
        type: "button",
        onclick: () => {
          confirm.hidden = true;
          ask.hidden = false;
          ask.focus();
        },
      },
      words.cancel,
    ),
    formError(),
  );
  const ask = el(
    "button",
    {
      type: "button",
      onclick: () => {
        ask.hidden = true;
        confirm.hidden = false;
        confirm.querySelector<HTMLButtonElement>("button[type=submit]")?.focus();
      },
    },
    words.handOver,
  );
  confirm.addEventListener(
    "submit",
    submitting(confirm, async () => {
      await post("/api/trips/:id/handover", { id: trip.id });
      await redraw();
    }),
  );
  return el("div", { class: "no-print" }, ask, confirm);
}

export function reception(trip: Trip, redraw: () => Promise<void>): HTMLElement {
  // deciding on a provisional report is allowed, but only with the reason written down
  const provisional = trip.report?.provisional === true;
  const comment = el("textarea", { name: "comment", rows: 2, maxlength: 2000, required: provisional });
  let decision: "accepted" | "rejected" = "accepted";
  const words = t().road;
  const form = el(
    "form",
    { class: "reception no-print", "aria-label": t().trips.reception },
    field(words.comment, comment, provisional ? words.commentProvisional : undefined),
    el(
      "button",
      {
        type: "submit",
        onclick: () => {
          decision = "accepted";
        },
      },
      words.accept,
    ),
    el(
      "button",
      {
        type: "submit",
        class: "danger",
        onclick: () => {
          decision = "rejected";
        },
      },
      words.reject,
    ),
    formError(),
  );
  form.addEventListener(
    "submit",
    submitting(form, async () => {
      await post("/api/trips/:id/reception", { id: trip.id }, { decision, comment: comment.value });
      await redraw();
    }),
  );
  return el("section", {}, el("h2", { class: "no-print" }, t().trips.reception), form);
}
