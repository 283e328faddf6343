// A notice in words a donor understands, per channel: the e-mail's subject, plain text and HTML
// (what happened, the unit's latest value and how old it is, what to do now with the bags, the links)
// and a short SMS (the unit's name and no other personal data: no donor, no bag label).
import { BAG_ADVICE } from "../../shared/api/notifications.js";
import { kindLabel } from "../../shared/rules/kinds.js";
import { severityRank } from "../../shared/rules/status.js";
import { celsius, span } from "../../shared/rules/wording/phrases.js";
import type { AlertMessage, DigestMessage, NoticeMessage } from "./message.js";
import { renderWeeklyEmail, renderWeeklyPush, renderWeeklySms } from "./weekly-render.js";

export interface Rendered {
  subject: string;
  text: string;
  html: string;
}

const SEVERITY: Record<string, string> = { critical: "Critical", warning: "Warning", info: "Note" };

/** "−8.2 °C, 4 min ago (03:12)" in the site's zone */
export function valueAndAge(message: AlertMessage, nowMs: number, timeZone: string): string {
  const { reading } = message;
  if (!reading) return "no reading yet";
  const at = new Intl.DateTimeFormat("en-GB", {
    ...{ timeZone, timeZoneName: "short", day: "numeric", month: "short" },
    ...{ hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
  } as const).format(reading.timeMs);
  const value = reading.tempC === null ? "no temperature (probe fault)" : celsius(reading.tempC);
  return `${value}, ${ago(nowMs - reading.timeMs)} (${at})`;
}

/** "just now" under a minute, else "4 min ago" */
function ago(ms: number): string {
  return ms < 60_000 ? "just now" : `${span(ms)} ago`;
}

function bagLines(message: AlertMessage, timeZone: string): string[] {
  const day = new Intl.DateTimeFormat("en-GB", { timeZone, dateStyle: "medium", timeStyle: "short" });
  return message.bags.map((b) => {
    const by = b.action === "use-within" && b.useByMs !== null ? ` by ${day.format(b.useByMs)}` : "";
    return `${b.label}: ${BAG_ADVICE[b.action]}${by}`;
  });
}

function alertParts(message: AlertMessage, nowMs: number, timeZone: string) {
  const { alert } = message;
  const what = `${SEVERITY[alert.severity] ?? alert.severity}: ${message.unitName}, ${kindLabel(alert.kind).toLowerCase()}`;
  const repeat =
    alert.escalationLevel > 0 ? ` (reminder ${alert.escalationLevel}: nobody has acknowledged it yet)` : "";
  return {
    subject: `MilkGuard ${what}${repeat}`,
    happened: message.summary ? `${alert.message}\n${message.summary}` : alert.message,
    value: valueAndAge(message, nowMs, timeZone),
    bags: bagLines(message, timeZone),
  };
}

export function renderEmail(message: NoticeMessage, nowMs: number, timeZone: string): Rendered {
  if (message.kind === "test") {
    const text = `Hello ${message.displayName},\n\nthis is a test from MilkGuard: alerts will reach you here.\nYour settings: ${message.settingsUrl}\n`;
    return { subject: "MilkGuard test notice", text, html: paragraphs([text]) };
  }
  if (message.kind === "digest") return renderDigest(message, nowMs, timeZone);
  if (message.kind === "weekly") return renderWeeklyEmail(message);
  const p = alertParts(message, nowMs, timeZone);
  const bags = p.bags.length > 0 ? p.bags : ["No bag is recorded in this unit: check it by hand."];
  const ack = message.ackUrl
    ? `Acknowledge it (say what you are doing): ${message.ackUrl}`
    : "Acknowledge it on the dashboard.";
  const text = [
    `What happened: ${p.happened}`,
    `Latest temperature: ${p.value}`,
    `What to do now with the bags:\n${bags.map((b) => `- ${b}`).join("\n")}`,
    `See the alert: ${message.alertUrl}`,
    ack,
  ].join("\n\n");
  const html = [
    `<h2>${htmlText(p.subject.replace(/^MilkGuard /, ""))}</h2>`,
    `<p><strong>What happened:</strong> ${htmlText(p.happened).replace(/\n/g, "<br>")}</p>`,
    `<p><strong>Latest temperature:</strong> ${htmlText(p.value)}</p>`,
    `<p><strong>What to do now with the bags:</strong></p><ul>${bags.map((b) => `<li>${htmlText(b)}</li>`).join("")}</ul>`,
    `<p><a href="${htmlText(message.alertUrl)}">See the alert</a></p>`,
    message.ackUrl
      ? `<p><a href="${htmlText(message.ackUrl)}">Acknowledge it</a> (you will be asked what you are doing)</p>`
      : "",
  ].join("\n");
  return { subject: p.subject, text: `${text}\n`, html };
}

/** a burst told at once: one line and its links per alert, the most severe first */
function renderDigest(message: DigestMessage, nowMs: number, timeZone: string): Rendered {
  const alerts = [...message.alerts].sort(
    (a, b) => severityRank(b.alert.severity) - severityRank(a.alert.severity),
  );
  const critical = alerts.filter((a) => a.alert.severity === "critical").length;
  const moveNow = alerts.filter((a) => a.bags.some((b) => b.action === "move-now")).length;
  const subject = `MilkGuard: ${alerts.length} alerts at once${critical > 0 ? ` (${critical} critical)` : ""}`;
  const items = alerts.map((a) => {
    const p = alertParts(a, nowMs, timeZone);
    return {
      line: `${p.subject.replace(/^MilkGuard /, "")}: ${p.value}`,
      links: [`See the alert: ${a.alertUrl}`, ...(a.ackUrl ? [`Acknowledge it: ${a.ackUrl}`] : [])],
    };
  });
  const todo =
    moveNow > 0
      ? `What to do now: ${moveNow} of these units hold frozen bags in warm air: move them to a working freezer now; each alert says what to do with each bag.`
      : "What to do now: open each alert; it says what to do with each bag.";
  const text = [
    `${alerts.length} alerts came at once (a power cut, a cold room?).`,
    todo,
    ...items.map((i) => [`- ${i.line}`, ...i.links.map((l) => `  ${l}`)].join("\n")),
  ].join("\n\n");
  const html = [
    `<h2>${htmlText(subject.replace(/^MilkGuard: /, ""))}</h2>`,
    `<p>${htmlText(todo)}</p>`,
    `<ul>${items
      .map(
        (i, k) =>
          `<li>${htmlText(i.line)} <a href="${htmlText(alerts[k]?.alertUrl ?? "")}">see</a>${
            alerts[k]?.ackUrl ? ` · <a href="${htmlText(alerts[k].ackUrl)}">acknowledge</a>` : ""
          }</li>`,
      )
      .join("")}</ul>`,
  ].join("\n");
  return { subject, text: `${text}\n`, html };
}

/** what the service worker shows on the lock screen: the unit, the value, the action; a tap opens `url` */
export interface PushPayload {
  title: string;
  body: string;
  url: string;
  /** one notice per alert on the phone: a repeat replaces the one before */
  tag: string;
}

export function renderPush(message: NoticeMessage, nowMs: number): PushPayload {
  if (message.kind === "test")
    return {
      title: "MilkGuard test",
      body: "Alerts will reach this phone.",
      url: message.settingsUrl,
      tag: "test",
    };
  if (message.kind === "weekly") return renderWeeklyPush(message);
  if (message.kind === "digest") {
    const units = [...new Set(message.alerts.map((a) => a.unitName))];
    const url = (message.alerts[0]?.alertUrl ?? "").replace(/#.*$/, "#/alerts");
    return { title: `${message.alerts.length} alerts at once`, body: units.join(", "), url, tag: "digest" };
  }
  const { alert } = message;
  const value =
    message.reading?.tempC == null
      ? ""
      : `${celsius(message.reading.tempC)} ${ago(nowMs - message.reading.timeMs)}. `;
  const moveNow = message.bags.some((b) => b.action === "move-now");
  const todo = moveNow ? "Move the bags to a working freezer now." : whatToDo(alert.message);
  return {
    title: `${SEVERITY[alert.severity] ?? alert.severity}: ${message.unitName}, ${kindLabel(alert.kind).toLowerCase()}`,
    body: `${value}${todo}`,
    url: message.alertUrl,
    tag: `alert-${alert.id}`,
  };
}

/** the rules' messages say what happened, then what to do: the second part, when there is one */
function whatToDo(text: string): string {
  const rest = text.replace(/^.*?[.!?]\s+/, "");
  return rest === text ? text : rest;
}

/** one SMS segment where it can: the unit, the value, what to do, the acknowledge link */
export function renderSms(message: NoticeMessage, nowMs: number): string {
  if (message.kind === "test") return "MilkGuard test: alerts will reach you on this number.";
  if (message.kind === "weekly") return renderWeeklySms(message);
  if (message.kind === "digest") {
    const units = [...new Set(message.alerts.map((a) => a.unitName))];
    const named =
      units.length > 3 ? `${units.slice(0, 3).join(", ")} and ${units.length - 3} more` : units.join(", ");
    const site = (message.alerts[0]?.alertUrl ?? "").replace(/#.*$/, "");
    return `MilkGuard: ${message.alerts.length} alerts at once: ${named}. ${site}`.trim();
  }
  const { alert } = message;
  // "°" is outside the GSM alphabet: one would make the whole text UCS-2, 70 characters a segment
  const value = message.reading?.tempC == null ? "" : ` ${message.reading.tempC.toFixed(1)} C`;
  const when = message.reading ? ` ${ago(nowMs - message.reading.timeMs)}` : "";
  const todo = message.bags.some((b) => b.action === "move-now")
    ? " Move the bags to a working freezer."
    : "";
  const head = `MilkGuard ${SEVERITY[alert.severity] ?? alert.severity}: ${message.unitName} ${kindLabel(alert.kind).toLowerCase()}${value}${when}.`;
  return `${head}${todo}${message.ackUrl ? ` Ack: ${message.ackUrl}` : ""}`;
}

function paragraphs(lines: string[]): string {
  return lines.map((l) => `<p>${htmlText(l).replace(/\n/g, "<br>")}</p>`).join("\n");
}

export function htmlText(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
