// What inspectors ask for: the daily min/max per unit (with a CSV download) and the audit trail with
// the result of its integrity check.

import { localMidnight, nextDate } from "../../../shared/time/site-days.js";
import { get, href } from "../api.js";
import { el, field } from "../dom.js";
import { date, dateTime, dayName, minutesAbove, temp } from "../format.js";
import { currentReader, t } from "../i18n/reader.js";
import type { Page } from "../page.js";
import { empty, table } from "../ui.js";

const DAY = 86_400_000;

export async function dailyReport(root: HTMLElement, _page: Page): Promise<void> {
  const units = await get("/api/units");
  const words = t().daily;
  const { timeZone } = currentReader();
  const unit = el(
    "select",
    { name: "unitId" },
    el("option", { value: "" }, words.allUnits),
    ...units.map((u) => el("option", { value: u.id }, u.name)),
  );
  const from = el("input", { type: "date", name: "from", value: date(Date.now() - 6 * DAY) });
  const to = el("input", { type: "date", name: "to", value: date(Date.now()) });
  const csv = el("a", { class: "button", download: "" }, words.csv);
  const result = el("div", { "aria-live": "polite" });
  const params = () => ({
    unitId: unit.value || undefined,
    // the site's days, whatever the zone of the computer showing them
    from: localMidnight(from.value, timeZone),
    // the last day chosen is included
    to: localMidnight(nextDate(to.value), timeZone),
  });
  const draw = async () => {
    csv.setAttribute("href", href("/api/reports/daily", { ...params(), format: "csv" }));
    const rows = await get("/api/reports/daily", params());
    result.replaceChildren(
      rows.length === 0
        ? empty(words.noReadings)
        : table(
            words.columns,
            rows.map((r) => [
              r.unitName,
              el("time", { datetime: r.day }, dayName(r.day)),
              temp(r.minC),
              temp(r.maxC),
              temp(r.meanC),
              String(r.readings),
              minutesAbove(r.minutesAbove.warningHighC),
              minutesAbove(r.minutesAbove.criticalHighC),
            ]),
            { class: "daily" },
          ),
    );
  };
  const form = el(
    "form",
    {
      class: "toolbar no-print",
      onsubmit: (event: Event) => {
        event.preventDefault();
        void draw();
      },
    },
    field(words.unit, unit),
    field(words.from, from),
    field(words.to, to),
    el("button", { type: "submit" }, words.show),
    csv,
  );
  const zone = el("p", { class: "muted" }, words.timeZone(timeZone));
  root.append(el("h1", {}, words.title), form, zone, result);
  await draw();
}

export async function auditTrail(root: HTMLElement, page: Page): Promise<void> {
  const subject = el("input", { name: "subject", placeholder: "e.g. alert:… or batch:…" });
  const check = el("p", { class: "audit-check", "aria-live": "polite" });
  const list = el("div", {});
  const draw = async () => {
    const [verify, entries] = await Promise.all([
      get("/api/audit/verify"),
      get("/api/audit", { subject: subject.value.trim() || undefined, limit: 500 }),
    ]);
    check.className = `audit-check notice tone-${verify.ok ? "ok" : "critical"}`;
    check.textContent = verify.ok
      ? `✓ Integrity check passed: ${verify.entries} entries, none altered or missing.`
      : `‼ Integrity check failed at entry ${verify.firstBadSeq ?? "?"}: ${verify.reason ?? "the chain is broken"}`;
    list.replaceChildren(
      entries.length === 0
        ? empty("No entries.")
        : table(
            ["#", "When", "Who", "What", "About", "Details"],
            entries.map((e) => [
              String(e.seq),
              dateTime(e.atMs),
              e.actor,
              e.action,
              e.subject,
              el("code", {}, JSON.stringify(e.details)),
            ]),
            { class: "audit" },
          ),
    );
  };
  const form = el(
    "form",
    {
      class: "toolbar",
      onsubmit: (event: Event) => {
        event.preventDefault();
        void draw();
      },
    },
    field("Subject", subject),
    el("button", { type: "submit" }, "Filter"),
  );
  root.append(el("h1", {}, "Audit trail"), check, form, list);
  await draw();
  // every new line of the trail (a backlog can bring many at once: one redraw for them)
  let pending: ReturnType<typeof setTimeout> | undefined;
  const reload = () => {
    pending ??= setTimeout(() => {
      pending = undefined;
      void draw().catch(() => {});
    }, 500);
  };
  page.onLeave(page.live.on("audit", reload));
  page.onLeave(() => clearTimeout(pending));
}
