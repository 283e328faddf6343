// Courier rounds: start a trip on a cool box, record pick-ups, hand over (trip-forms.ts); the trip
// report (trip-report.ts: chart, min/max, time above each limit, stayed frozen or not, verdict, bag
// manifest) prints on one page, and reception accepts or rejects it. A report the box's readings do
// not cover yet says it is provisional and what is missing; each version it went through is listed,
// and the reception says which version it decided on.
import type { Chart } from "chart.js";
import { get, post } from "../api.js";
import { el, field, pageLink } from "../dom.js";
import { dateTime } from "../format.js";
import { t } from "../i18n/reader.js";
import type { Page } from "../page.js";
import type { Trip } from "../types.js";
import { empty, formError, submitting, table } from "../ui.js";
import { onTheRoad, reception } from "./trip-forms.js";
import { manifest, report, versions } from "./trip-report.js";

function tripState(trip: Trip): string {
  const words = t().trips.state;
  const waiting = trip.report?.provisional ? words.waiting : "";
  if (trip.reception) return `${words[trip.reception.decision]}${waiting}`;
  if (trip.endedAtMs) return `${words.handedOver}${waiting}`;
  return words.onTheRoad;
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
  const words = t().trips;
  root.append(
    el("h1", {}, words.title),
    trips.length === 0
      ? empty(words.none)
      : table(
          words.columns,
          [...trips]
            .sort((a, b) => b.startedAtMs - a.startedAtMs)
            .map((trip) => [
              pageLink(["trips", trip.id], {}, words.tripOf(dateTime(trip.startedAtMs))),
              boxNames.get(trip.boxUnitId) ?? words.aCoolBox,
              names.get(trip.courierId) ?? words.aCourier,
              dateTime(trip.startedAtMs),
              String(trip.pickups.length),
              tripState(trip),
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
    { class: "start-trip", "aria-label": words.start },
    field(words.coolBox, box),
    couriers.length ? field(words.courier, courier) : null,
    el("button", { type: "submit" }, words.startButton),
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
  root.append(el("h2", {}, words.start), form);
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
  const words = t().trips;
  let chart: Chart<"line", { x: number; y: number | null }[]> | undefined;
  page.onLeave(() => chart?.destroy());

  let drawing = 0;
  const draw = async () => {
    const mine = ++drawing;
    // the API has no GET /api/trips/:id; the list holds every trip the user may see
    const trip = (await get("/api/trips")).find((t) => t.id === tripId);
    if (!trip) throw new Error(words.notYours);
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
      el("p", { class: "no-print" }, pageLink(["trips"], {}, words.all)),
      el("h1", {}, trip.report ? words.report : words.trip),
      el(
        "dl",
        { class: "facts" },
        el("dt", {}, words.coolBox),
        el("dd", {}, box?.name ?? trip.boxUnitId),
        el("dt", {}, words.courier),
        el("dd", {}, nameOf(trip.courierId)),
        el("dt", {}, words.started),
        el("dd", {}, dateTime(trip.startedAtMs)),
        el("dt", {}, words.handedOver),
        el("dd", {}, trip.endedAtMs ? dateTime(trip.endedAtMs) : words.notYet),
        el("dt", {}, words.stateLabel),
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
          words.decided(
            words.decision[trip.reception.decision],
            nameOf(trip.reception.by),
            dateTime(trip.reception.atMs),
            trip.reception.reportVersion,
          ),
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
