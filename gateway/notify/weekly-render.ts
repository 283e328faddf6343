// The weekly digest in a donor's words, per channel. A unit is "all is well" only when its sensor
// reported through the week with a temperature and no alert's condition held: a sensor silent all
// week proves nothing, so it says since when it has been quiet and what to do instead.
import type { BatchPhase } from "../../shared/rules/types.js";
import { celsius } from "../../shared/rules/wording/phrases.js";
import type { WeeklyMessage, WeeklyUnit } from "./message.js";
import { htmlText, type PushPayload, type Rendered } from "./render.js";

const SILENT_TODO =
  "Check that the sensor has power (plugged in, or fresh batteries) and is in reach of your Wi-Fi; if the router or its password changed, set the sensor's Wi-Fi again. Feel that the freezer is cold and its door shut. Until the sensor reports, nobody is watching this freezer.";

const PHASE: Record<BatchPhase, string> = {
  frozen: "frozen",
  "partially-thawed": "partly thawed",
  thawed: "thawed, do not refreeze",
  fresh: "fresh (never frozen)",
  expired: "past its use-by: discard it",
  discard: "discard it",
};

export const isWell = (u: WeeklyUnit) => !u.silent && u.alerts.length === 0 && u.minC !== null;

function clock(timeZone: string, withWeekday = false) {
  return new Intl.DateTimeFormat("en-GB", {
    ...{ timeZone, day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
    ...(withWeekday ? { weekday: "short" } : {}),
  } as const);
}

function headline(u: WeeklyUnit, timeZone: string): string {
  if (u.silent)
    return u.lastReadingMs === null
      ? `${u.unitName}: its sensor has never reported.`
      : `${u.unitName}: its sensor has not been heard since ${clock(timeZone).format(u.lastReadingMs)}.`;
  if (u.minC === null) return `${u.unitName}: its sensor sent no temperature this week (a probe fault).`;
  if (u.alerts.length > 0)
    return `${u.unitName}: ${u.alerts.length} alert${u.alerts.length > 1 ? "s" : ""} this week.`;
  return `${u.unitName}: all is well.`;
}

function useBy(bag: WeeklyUnit["bags"][number], timeZone: string): string {
  if (bag.useByMs === null || bag.phase === "expired" || bag.phase === "discard") return PHASE[bag.phase];
  const by =
    bag.phase === "frozen"
      ? new Intl.DateTimeFormat("en-GB", { timeZone, dateStyle: "medium" }).format(bag.useByMs)
      : clock(timeZone).format(bag.useByMs);
  return `${PHASE[bag.phase]}, use by ${by}`;
}

/** a line of a unit's block, or a line with a list under it (its alerts, its bags) */
type Line = string | { head: string; items: string[] };

function unitLines(u: WeeklyUnit, timeZone: string): Line[] {
  const at = clock(timeZone);
  const last = u.lastReadingMs === null ? "" : `, the last on ${at.format(u.lastReadingMs)}`;
  return [
    ...(u.silent ? [`What to do: ${SILENT_TODO}`] : []),
    `Readings this week: ${u.readings}${u.readings > 0 ? last : ""}.`,
    u.minC === null || u.maxC === null
      ? "Air this week: unknown."
      : `Air this week: between ${celsius(u.minC)} and ${celsius(u.maxC)}.`,
    u.alerts.length === 0
      ? "Alerts: none."
      : {
          head: "Alerts:",
          items: u.alerts.map(
            (a) => `${a.label} (${a.severity}), ${at.format(a.openedAtMs)}, ${a.state}: ${a.url}`,
          ),
        },
    u.bags.length === 0
      ? "Bags in it: none recorded."
      : { head: "Bags in it:", items: u.bags.map((b) => `${b.label}: ${useBy(b, timeZone)}`) },
  ];
}

const lineText = (l: Line) =>
  typeof l === "string" ? `- ${l}` : [`- ${l.head}`, ...l.items.map((i) => `  - ${i}`)].join("\n");
const lineHtml = (l: Line) =>
  typeof l === "string"
    ? `<li>${htmlText(l)}</li>`
    : `<li>${htmlText(l.head)}<ul>${l.items.map((i) => `<li>${htmlText(i)}</li>`).join("")}</ul></li>`;

function subjectOf(message: WeeklyMessage): string {
  const unwell = message.units.filter((u) => !isWell(u)).map((u) => u.unitName);
  if (unwell.length === 0)
    return `MilkGuard weekly: all is well (${message.units.map((u) => u.unitName).join(", ")})`;
  return `MilkGuard weekly: ${unwell.join(", ")} ${unwell.length > 1 ? "need" : "needs"} a look`;
}

export function renderWeeklyEmail(message: WeeklyMessage): Rendered {
  const { timeZone } = message;
  const week = clock(timeZone, true);
  const intro = `Hello ${message.displayName},\n\nhow MilkGuard watched your milk from ${week.format(message.fromMs)} to ${week.format(message.toMs)}:`;
  const outro = `This note comes every week to show that your sensor is alive. To stop it, or change where it goes: ${message.settingsUrl}`;
  const text = [
    intro,
    ...message.units.map((u) => [headline(u, timeZone), ...unitLines(u, timeZone).map(lineText)].join("\n")),
    outro,
  ];
  const html = [
    `<p>${htmlText(intro).replace(/\n/g, "<br>")}</p>`,
    ...message.units.map(
      (u) =>
        `<h3>${htmlText(headline(u, timeZone))}</h3><ul>${unitLines(u, timeZone).map(lineHtml).join("")}</ul>` +
        `<p><a href="${htmlText(u.unitUrl)}">See ${htmlText(u.unitName)}</a></p>`,
    ),
    `<p>${htmlText(outro)}</p>`,
  ];
  return { subject: subjectOf(message), text: `${text.join("\n\n")}\n`, html: html.join("\n") };
}

/** one line per unit, short: the lock screen shows two or three */
function shortLine(u: WeeklyUnit, timeZone: string, celsiusMark: string): string {
  if (u.silent)
    return u.lastReadingMs === null
      ? `${u.unitName}: sensor never reported, check its power and Wi-Fi.`
      : `${u.unitName}: sensor not heard since ${clock(timeZone).format(u.lastReadingMs)}, check its power and Wi-Fi.`;
  const air =
    u.minC === null || u.maxC === null
      ? "no temperature"
      : `${u.minC.toFixed(1)} to ${u.maxC.toFixed(1)} ${celsiusMark}`;
  const alerts =
    u.alerts.length === 0 ? "no alert" : `${u.alerts.length} alert${u.alerts.length > 1 ? "s" : ""}`;
  return `${u.unitName}: ${u.readings} readings, ${air}, ${alerts}.`;
}

export function renderWeeklyPush(message: WeeklyMessage): PushPayload {
  const unwell = message.units.find((u) => !isWell(u));
  return {
    title: subjectOf(message).replace(/ \(.*\)$/, ""),
    body: message.units.map((u) => shortLine(u, message.timeZone, "°C")).join(" "),
    url: unwell?.unitUrl ?? message.units[0]?.unitUrl ?? message.settingsUrl,
    tag: "weekly",
  };
}

/** "°" is outside the GSM alphabet (render.ts): C alone */
export function renderWeeklySms(message: WeeklyMessage): string {
  const head = subjectOf(message).replace(/ \(.*\)$/, "");
  return `${head}. ${message.units.map((u) => shortLine(u, message.timeZone, "C")).join(" ")}`;
}
