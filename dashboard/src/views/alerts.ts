// The alert board (open, acknowledged, resolved) and one alert: what happened, the bags that were
// inside with what to do with each, and acknowledge / resolve for those who may.
import { alertSentence } from "../alert-sentence.js";
import { get } from "../api.js";
import { el, focusResult, keepFocus, pageLink } from "../dom.js";
import {
  ACTION,
  ALERT_STATE,
  ago,
  alertKind,
  dateTime,
  duration,
  PHASE,
  percent,
  SEVERITY,
  temp,
} from "../format.js";
import { t } from "../i18n/reader.js";
import type { Page } from "../page.js";
import type { AffectedBag, Alert, AlertState, UnitSummary } from "../types.js";
import { announcer, badge, empty, table } from "../ui.js";
import { alertActions } from "./alert-actions.js";
import { bagName } from "./bags.js";

const SECTIONS: AlertState[] = ["open", "acknowledged", "resolved"];

async function unitNames(): Promise<Map<string, string>> {
  const units = await get("/api/units");
  return new Map(units.map((u) => [u.id, u.name]));
}

function lasted(alert: Alert, now: number): string {
  const end = alert.clearedAtMs ?? alert.resolution?.atMs ?? now;
  return `${duration(end - alert.openedAtMs)}${alert.clearedAtMs || alert.resolution ? "" : t().alerts.soFar}`;
}

export async function alertBoard(root: HTMLElement, page: Page): Promise<void> {
  const board = el("div", { class: "board" });
  // not the board as a live region (each redraw would read every alert again): a new alert, once
  const news = announcer();
  let seen: Set<string> | undefined;
  root.append(el("h1", {}, t().alerts.title), board, news.region);
  const names = await unitNames();

  const draw = async () => {
    const alerts = await get("/api/alerts", { state: "open,acknowledged,resolved" });
    for (const a of alerts) if (!names.has(a.unitId)) names.set(a.unitId, a.unitId);
    const now = Date.now();
    const fresh = alerts.filter((a) => a.state === "open" && seen && !seen.has(a.id));
    if (fresh.length) {
      news.say(
        fresh
          .map((a) => `${SEVERITY[a.severity].text} ${alertKind(a.kind)} · ${names.get(a.unitId)}`)
          .join(". "),
      );
    }
    seen = new Set(alerts.map((a) => a.id));
    const refocus = keepFocus(board, "data-alert-id");
    board.replaceChildren(
      ...SECTIONS.map((state) => {
        const mine = alerts.filter((a) => a.state === state);
        return el(
          "section",
          { class: "board-column", "data-state": state },
          el("h2", {}, badge(ALERT_STATE[state], state, ` (${mine.length})`)),
          mine.length === 0
            ? empty(t().alerts.none)
            : el(
                "ul",
                { class: "alert-list" },
                ...mine.map((a) =>
                  el(
                    "li",
                    { class: `alert-row severity-${a.severity}`, "data-alert-id": a.id, "data-kind": a.kind },
                    pageLink(
                      ["alerts", a.id],
                      {},
                      badge(SEVERITY[a.severity], a.severity),
                      el("strong", {}, ` ${alertKind(a.kind)}`),
                      el("span", {}, ` · ${names.get(a.unitId) ?? a.unitId}`),
                    ),
                    el("span", { class: "muted" }, t().alerts.since(dateTime(a.openedAtMs), lasted(a, now))),
                  ),
                ),
              ),
        );
      }),
    );
    refocus();
  };
  await draw();
  let pending: ReturnType<typeof setTimeout> | undefined;
  const later = () => {
    clearTimeout(pending);
    // a burst of alert events (a failing freezer, its bags) reloads the board once
    pending = setTimeout(() => void draw().catch(() => {}), 200);
  };
  page.onLeave(page.live.on("alert", later));
  page.onLeave(page.live.onReconnect(later));
  page.onLeave(() => clearTimeout(pending));
}

export async function alertDetail(root: HTMLElement, page: Page): Promise<void> {
  const alertId = page.params[0] ?? "";
  // what the alert is, drawn anew at each change; the forms below it are kept (alert-actions.ts)
  const facts = el("div", {});
  const news = announcer();
  let drawn = 0;
  /** what an action produced, focused by whichever draw shows it (an action's or a live event's) */
  let result: string | undefined;
  let stateLine: string | undefined;
  const draw = async (focusOn?: string) => {
    result = focusOn ?? result;
    // two draws can overlap (an action's and a live event's): only the latest one started is shown
    const mine = ++drawn;
    const [{ alert, affectedBatches }, units] = await Promise.all([
      get("/api/alerts/:id", { id: alertId }),
      get("/api/units"),
    ]);
    if (mine !== drawn) return;
    const unit = units.find((u) => u.id === alert.unitId);
    const refocus = keepFocus(facts, "data-part");
    facts.replaceChildren(...render(alert, affectedBatches, unit));
    refocus();
    const focusKept = forms.show(alert);
    const line = facts.querySelector(".alert-state")?.textContent ?? "";
    // a change someone else made is read out once; the user's own action is read by moving focus
    if (stateLine !== undefined && line !== stateLine && !result) news.say(line);
    stateLine = line;
    if (result) focusResult(facts.querySelector<HTMLElement>(result));
    else if (!focusKept) focusResult(facts.querySelector<HTMLElement>(".alert-state"));
    result = undefined;
  };
  const forms = alertActions(alertId, draw);
  root.append(facts, forms.root, news.region);
  await draw();
  page.onLeave(
    page.live.on("alert", (a) => {
      if (a.id === alertId) void draw().catch(() => {});
    }),
  );
  // the air now follows each reading in place
  page.onLeave(
    page.live.on("reading", (r) => {
      const airNow = facts.querySelector<HTMLElement>(`.air-now[data-unit-id="${CSS.escape(r.unitId)}"]`);
      if (airNow) airNow.textContent = airNowText({ timeMs: r.timeMs, tempC: r.tempC });
    }),
  );
}

function airNowText(latest: { timeMs: number; tempC: number | null } | null | undefined): string {
  return latest ? `${temp(latest.tempC)}, ${ago(latest.timeMs, Date.now())}` : t().overview.noReading;
}

function render(alert: Alert, bags: AffectedBag[], unit: UnitSummary | undefined): HTMLElement[] {
  const unitName = unit?.name ?? alert.unitId;
  const atStart = alert.history?.[0]?.airC;
  const words = t().alerts;
  const parts: HTMLElement[] = [
    el("p", { "data-part": "all" }, pageLink(["alerts"], {}, words.all)),
    el("h1", {}, `${alertKind(alert.kind)} · ${unitName}`),
    el(
      "p",
      { class: "alert-state" },
      badge(SEVERITY[alert.severity], alert.severity),
      " ",
      badge(ALERT_STATE[alert.state], alert.state),
    ),
    el("p", { class: "alert-message" }, alertSentence(alert)),
    el(
      "dl",
      { class: "facts" },
      el("dt", {}, words.unit),
      el("dd", { "data-part": "unit" }, pageLink(["units", alert.unitId], {}, unitName)),
      el("dt", {}, words.started),
      el("dd", {}, dateTime(alert.openedAtMs)),
      // the message above is what the rules said then; the air now is what matters now
      el("dt", {}, words.airNow),
      el("dd", { class: "air-now", "data-unit-id": alert.unitId }, airNowText(unit?.latest)),
      atStart === undefined ? null : el("dt", {}, words.airAtStart),
      atStart === undefined ? null : el("dd", {}, temp(atStart)),
      el("dt", {}, words.duration),
      el("dd", {}, lasted(alert, Date.now())),
      alert.clearedAtMs ? el("dt", {}, words.ended) : null,
      alert.clearedAtMs ? el("dd", {}, dateTime(alert.clearedAtMs)) : null,
      alert.ack ? el("dt", {}, words.acknowledged) : null,
      alert.ack
        ? el(
            "dd",
            { class: "ack" },
            words.by(dateTime(alert.ack.atMs), alert.ack.by, alert.ack.comment || "—"),
          )
        : null,
      alert.resolution ? el("dt", {}, words.resolved) : null,
      alert.resolution
        ? el(
            "dd",
            { class: "resolution" },
            words.by(dateTime(alert.resolution.atMs), alert.resolution.by, alert.resolution.correctiveAction),
          )
        : null,
    ),
  ];
  if (alert.kind === "temperature-excursion" || bags.length > 0) {
    parts.push(
      el("h2", {}, words.bagsAffected),
      bags.length === 0
        ? empty(words.noBag)
        : table(
            words.bagColumns,
            bags.map((b) => [
              bagName(b),
              b.donorId ?? "—",
              badge(PHASE[b.phase], b.phase),
              percent(b.iceFraction),
              badge(
                ACTION[b.action],
                b.action,
                b.action !== "use-within"
                  ? ""
                  : b.useByMs
                    ? words.useBy(dateTime(b.useByMs))
                    : words.withinLimit,
              ),
            ]),
            { class: "affected-bags" },
          ),
    );
  }
  if ((alert.history ?? []).length > 1) parts.push(el("h2", {}, words.whatHappened), history(alert));
  return parts;
}

/** each crossing of the episode, when it happened at the unit and, for a backlog, when it was learnt */
function history(alert: Alert): HTMLElement {
  return table(
    t().alerts.historyColumns,
    (alert.history ?? []).map((h) => [
      dateTime(h.eventAtMs),
      t().alerts.change[h.change],
      badge(SEVERITY[h.severity], h.severity),
      temp(h.airC),
      h.arrivedAtMs - h.eventAtMs > 10 * 60_000 ? dateTime(h.arrivedAtMs) : t().alerts.atOnce,
    ]),
    { class: "alert-history" },
  );
}
