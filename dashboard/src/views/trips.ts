// Courier rounds: start a trip on a cool box, record pick-ups, hand over; the trip report (chart,
// min/max, time above each limit, stayed frozen or not, verdict, bag manifest) prints on one page,
// and reception accepts or rejects it. A report the box's readings do not cover yet says it is
// provisional and what is missing; each version it went through is listed, and the reception says
// which version it decided on.
import type { Chart } from "chart.js";
import { get, href, post } from "../api.js";
import { el, field, pageLink } from "../dom.js";
import { dateTime, duration, PHASE, percent, temp, VERDICT } from "../format.js";
import type { Page } from "../page.js";
import type { Bag, Phase, Trip, TripChoices, TripReport, UnitSummary } from "../types.js";
import { badge, empty, formError, submitting, table } from "../ui.js";
import { bagName } from "./bags.js";
import { codesField } from "./scan-code.js";

function tripState(trip: Trip): string {
  const waiting = trip.report?.provisional ? ", report provisional: waiting for the box's readings" : "";
  if (trip.reception)
    return `${trip.reception.decision === "accepted" ? "✓ accepted" : "✖ rejected"}${waiting}`;
  if (trip.endedAtMs) return `⇥ handed over, awaiting reception${waiting}`;
  return "▶ on the road";
}

export async function tripList(root: HTMLElement, page: Page): Promise<void> {
  const { user } = page;
  const [trips, choices, people] = await Promise.all([
    get("/api/trips"),
    user.can.startTrips ? get("/api/trips/choices") : Promise.resolve(undefined),
    user.can.listPeople ? get("/api/users") : Promise.resolve([user]),
  ]);
  const couriers = user.can.listPeople ? people.filter((u) => u.role === "courier") : [];
  const names = new Map(people.map((p) => [p.id, p.displayName]));
  const boxNames = new Map((choices?.boxes ?? []).map((b) => [b.id, b.name]));
  root.append(
    el("h1", {}, "Trips"),
    trips.length === 0
      ? empty("No trips yet.")
      : table(
          ["Trip", "Cool box", "Courier", "Started", "Pick-ups", "State"],
          [...trips]
            .sort((a, b) => b.startedAtMs - a.startedAtMs)
            .map((t) => [
              pageLink(["trips", t.id], {}, `Trip of ${dateTime(t.startedAtMs)}`),
              boxNames.get(t.boxUnitId) ?? "cool box",
              names.get(t.courierId) ?? "courier",
              dateTime(t.startedAtMs),
              String(t.pickups.length),
              tripState(t),
            ]),
          { class: "trips" },
        ),
  );
  if (!user.can.startTrips) return;

  const box = el(
    "select",
    { name: "boxUnitId", required: true },
    ...(choices?.boxes ?? []).map((b) => el("option", { value: b.id }, b.name)),
  );
  const courier = el(
    "select",
    { name: "courierId" },
    ...couriers.map((c) => el("option", { value: c.id }, c.displayName)),
  );
  const form = el(
    "form",
    { class: "start-trip", "aria-label": "Start a trip" },
    field("Cool box", box),
    couriers.length ? field("Courier", courier) : null,
    el("button", { type: "submit" }, "Start trip"),
    formError(),
  );
  form.addEventListener(
    "submit",
    submitting(form, async () => {
      const trip = await post("/api/trips", {
        boxUnitId: box.value,
        ...(couriers.length ? { courierId: courier.value } : {}),
      });
      page.go(`trips/${encodeURIComponent(trip.id)}`);
    }),
  );
  root.append(el("h2", {}, "Start a trip"), form);
}

export async function tripView(root: HTMLElement, page: Page): Promise<void> {
  const tripId = page.params[0] ?? "";
  const body = el("div", {});
  root.append(body);
  const [choices, people] = await Promise.all([
    page.user.can.startTrips ? get("/api/trips/choices") : Promise.resolve(undefined),
    page.user.can.listPeople ? get("/api/users") : Promise.resolve([page.user]),
  ]);
  const donors = choices?.donors ?? [];
  const names = new Map([
    ...people.map((p): [string, string] => [p.id, p.displayName]),
    ...donors.map((d): [string, string] => [d.id, d.displayName]),
  ]);
  const nameOf = (id: string) => names.get(id) ?? "—";
  let chart: Chart<"line", { x: number; y: number | null }[]> | undefined;
  page.onLeave(() => chart?.destroy());

  let drawing = 0;
  const draw = async () => {
    const mine = ++drawing;
    // the API has no GET /api/trips/:id; the list holds every trip the user may see
    const trip = (await get("/api/trips")).find((t) => t.id === tripId);
    if (!trip) throw new Error("this trip is not one you may see");
    const [box, inBox] = await Promise.all([
      get("/api/units/:id", { id: trip.boxUnitId }).catch(() => undefined),
      trip.report ? [] : get("/api/batches", { unitId: trip.boxUnitId }).catch(() => []),
    ]);
    // a trip event can arrive while the page draws after an action: only the newest draw shows
    if (mine !== drawing) return;
    chart?.destroy();
    chart = undefined;
    const view = el(
      "div",
      {},
      el("p", { class: "no-print" }, pageLink(["trips"], {}, "← All trips")),
      el("h1", {}, trip.report ? "Trip report" : "Trip"),
      el(
        "dl",
        { class: "facts" },
        el("dt", {}, "Cool box"),
        el("dd", {}, box?.name ?? trip.boxUnitId),
        el("dt", {}, "Courier"),
        el("dd", {}, nameOf(trip.courierId)),
        el("dt", {}, "Started"),
        el("dd", {}, dateTime(trip.startedAtMs)),
        el("dt", {}, "Handed over"),
        el("dd", {}, trip.endedAtMs ? dateTime(trip.endedAtMs) : "not yet"),
        el("dt", {}, "State"),
        el("dd", { class: "trip-state" }, tripState(trip)),
      ),
    );
    body.replaceChildren(view);
    if (trip.report) {
      const drawn = await report(view, trip, box);
      if (mine === drawing) chart = drawn;
      else drawn?.destroy();
    } else view.append(...onTheRoad(trip, page, donors, draw, nameOf));
    view.append(manifest(trip, inBox, nameOf));
    if (trip.earlierReports?.length) view.append(versions(trip));
    if (trip.report && !trip.reception && page.user.can.receiveTrips) view.append(reception(trip, draw));
    if (trip.reception) {
      view.append(
        el(
          "p",
          { class: "reception" },
          `Reception: ${trip.reception.decision} by ${nameOf(trip.reception.by)} at ${dateTime(trip.reception.atMs)}`,
          ` on report version ${trip.reception.reportVersion}`,
          trip.reception.comment ? ` · ${trip.reception.comment}` : "",
        ),
      );
    }
  };
  await draw();
  page.onLeave(
    page.live.on("trip", (t) => {
      if (t.id === tripId) void draw().catch(() => {});
    }),
  );
}

function onTheRoad(
  trip: Trip,
  page: Page,
  donors: TripChoices["donors"],
  redraw: () => Promise<void>,
  nameOf: (id: string) => string,
): HTMLElement[] {
  const runsIt = page.user.id === trip.courierId || page.user.can.wholeSite;
  if (!runsIt) return [];
  const donor = el(
    "select",
    { name: "donorId", required: true },
    ...donors.map((d) => el("option", { value: d.id }, d.displayName)),
  );
  const codes = codesField("batchIds", true);
  const pickup = el(
    "form",
    { class: "pickup", "aria-label": "Record a pick-up" },
    field("Donor", donor),
    field("Bag codes", codes.control, "from the labels, one per line (K7Q-4MY), typed or scanned"),
    codes.scan,
    codes.check,
    el("button", { type: "submit" }, "Record pick-up"),
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
    el("h2", {}, "Pick up"),
    pickup,
    el("h2", {}, "Hand over at the milk bank"),
    handOver(trip, redraw, nameOf),
  ];
}

/** hand-over cannot be undone: it first shows what will be handed over, and asks */
function handOver(trip: Trip, redraw: () => Promise<void>, nameOf: (id: string) => string): HTMLElement {
  const bags = trip.pickups.reduce((n, p) => n + p.batchIds.length, 0);
  const from = [...new Set(trip.pickups.map((p) => nameOf(p.donorId)))];
  const summary = el(
    "p",
    { class: "handover-summary" },
    bags
      ? `${bags} bag${bags === 1 ? "" : "s"} from ${from.join(", ")} (listed below), with the cool box's readings. `
      : "No bags picked up. ",
    "Once handed over, the trip is closed and its report is made: this cannot be undone.",
  );
  const confirm = el(
    "form",
    { class: "handover", "aria-label": "Confirm hand-over", hidden: true },
    summary,
    el("button", { type: "submit" }, "Confirm hand-over"),
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
      "Cancel",
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
    "Hand over",
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

async function report(body: HTMLElement, trip: Trip, box: UnitSummary | undefined) {
  const r = trip.report;
  if (!r) return undefined;
  const verdict = VERDICT[r.verdict];
  const canvas = el("canvas", {
    id: "trip-chart",
    role: "img",
    "aria-label": "Air in the cool box during the trip",
  });
  body.append(
    el("p", { class: `verdict tone-${r.verdict}`, "data-verdict": r.verdict }, badge(verdict, r.verdict)),
    ...(r.provisional
      ? [
          el(
            "p",
            { class: "provisional tone-review", "data-provisional": "true" },
            "⚠ Provisional: the box's readings do not cover the whole trip yet (below, what is missing). ",
            "This report is computed again as they arrive.",
          ),
        ]
      : []),
    el("ul", { class: "reasons" }, ...r.reasons.map((x) => el("li", {}, x))),
    el(
      "dl",
      { class: "facts" },
      el("dt", {}, "Air lowest / highest"),
      el("dd", {}, `${temp(r.minC)} / ${temp(r.maxC)}`),
      ...Object.entries(r.minutesAbove).flatMap(([limit, minutes]) => [
        el(
          "dt",
          {},
          limit === "criticalHighC"
            ? "Time above critical"
            : limit === "warningHighC"
              ? "Time above warning"
              : limit,
        ),
        el("dd", {}, duration(minutes * 60_000)),
      ]),
      el("dt", {}, "Every bag stayed frozen"),
      el("dd", {}, stayedFrozen(r, r.batches)),
      el("dt", {}, "Report"),
      el("dd", { class: "report-version" }, `version ${r.version}, computed ${dateTime(r.computedAtMs)}`),
    ),
    el("div", { class: "chart-box chart-small" }, canvas),
    el(
      "p",
      { class: "no-print" },
      el("a", { href: href("/api/trips/:id/report.csv", { id: trip.id }), download: "" }, "⬇ CSV"),
      " ",
      el("button", { type: "button", onclick: () => window.print() }, "Print"),
    ),
  );
  const charts = import("../chart.js");
  const air = await get(
    "/api/units/:id/readings",
    { id: trip.boxUnitId },
    { from: r.fromMs, to: Math.max(r.toMs, r.fromMs + 60_000) },
  ).catch(() => undefined);
  if (!air) return undefined;
  const limits = box?.profile
    ? {
        warningHighC: box.profile.warningHighC,
        criticalHighC: box.profile.criticalHighC,
        lowC: box.profile.lowC,
      }
    : null;
  const { drawUnitChart } = await charts;
  return drawUnitChart(canvas, { window: air, limits, alerts: [] });
}

/** "no" is known from the readings there are; "yes" only once they cover the whole trip */
function stayedFrozen(report: TripReport, bags: TripReport["batches"]): string {
  if (bags.every((b) => b.stayedFrozen)) return "✓ yes";
  const known = !report.provisional || bags.some((b) => b.phase !== "frozen");
  return known ? "✖ no" : "? not known yet: readings missing";
}

/** at hand-over the report's state of each bag; on the road the bag's current estimate */
function manifest(trip: Trip, inBox: Bag[], nameOf: (id: string) => string): HTMLElement {
  const reported = new Map(trip.report?.batches.map((b) => [b.batchId, b]));
  const current = new Map(inBox.map((b) => [b.id, b]));
  const rows = trip.pickups.flatMap((p) =>
    p.batchIds.map((id) => {
      const r = reported.get(id);
      const b = current.get(id);
      const phase = (r?.phase ?? b?.thaw.phase) as Phase | undefined;
      const ice = r?.iceFraction ?? b?.thaw.iceFraction;
      const code = r?.code ?? b?.code;
      const label = r?.label ?? b?.label ?? "";
      return [
        nameOf(p.donorId),
        dateTime(p.atMs),
        code ? bagName({ code, label }) : label,
        phase ? badge(PHASE[phase] ?? { icon: "", text: phase }, phase) : "—",
        ice === undefined ? "—" : percent(ice),
        r && trip.report ? stayedFrozen(trip.report, [r]) : "not handed over yet",
      ];
    }),
  );
  return el(
    "section",
    {},
    el("h2", {}, "Bag manifest"),
    rows.length
      ? table(["Donor", "Picked up", "Bag", "State", "Ice", "Stayed frozen"], rows, { class: "manifest" })
      : empty("No pick-ups yet."),
  );
}

/** every version the report went through as the box's readings came in, the latest last */
function versions(trip: Trip): HTMLElement {
  const all = [...(trip.earlierReports ?? []), ...(trip.report ? [trip.report] : [])];
  return el(
    "section",
    {},
    el("h2", {}, "Versions of this report"),
    table(
      ["Version", "Computed", "Verdict", "Readings", "Why"],
      all.map((r) => [
        String(r.version),
        dateTime(r.computedAtMs),
        badge(VERDICT[r.verdict], r.verdict),
        r.provisional ? "⚠ incomplete" : "✓ whole trip",
        r.reasons.join("; ") || "—",
      ]),
      { class: "report-versions" },
    ),
  );
}

function reception(trip: Trip, redraw: () => Promise<void>): HTMLElement {
  // deciding on a provisional report is allowed, but only with the reason written down
  const provisional = trip.report?.provisional === true;
  const comment = el("textarea", { name: "comment", rows: 2, maxlength: 2000, required: provisional });
  let decision: "accepted" | "rejected" = "accepted";
  const form = el(
    "form",
    { class: "reception no-print", "aria-label": "Reception" },
    field(
      "Comment",
      comment,
      provisional ? "required: why you decide before the box's readings are in" : undefined,
    ),
    el(
      "button",
      {
        type: "submit",
        onclick: () => {
          decision = "accepted";
        },
      },
      "✓ Accept",
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
      "✖ Reject",
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
  return el("section", {}, el("h2", { class: "no-print" }, "Reception"), form);
}
