// What a notice carries, prepared when it is queued so it can wait (a retry, quiet hours, a restart)
// and still be told as it was: the alert, the unit's latest reading, the bags and what to do with
// each, and the links. Each channel renders it in its own words (render.ts).
import type { BatchAction } from "../../shared/api/answers.js";
import type { BatchPhase } from "../../shared/rules/types.js";
import type { Alert } from "../store/records.js";

export interface Recipient {
  /** the person; none for the site's webhook */
  userId?: string;
  /** an e-mail address, a phone number (E.164), a URL */
  address: string;
}

export interface NoticeBag {
  label: string;
  action: BatchAction;
  useByMs: number | null;
}

export interface AlertMessage {
  kind: "alert";
  to: Recipient;
  alert: Alert;
  /** a backlog's episodes told at once (alerts/backlog-summary.ts) */
  summary?: string;
  unitName: string;
  /** the unit's latest reading when the notice was made */
  reading?: { tempC: number | null; timeMs: number };
  bags: NoticeBag[];
  /** the alert on the dashboard */
  alertUrl: string;
  /** acknowledges from the notice itself: signed for this person, single-use, expiring */
  ackUrl?: string;
}

/** the "send a test" button of the Notifications page */
export interface TestMessage {
  kind: "test";
  to: Recipient;
  displayName: string;
  settingsUrl: string;
}

/** several alerts to one person at once (a burst), sent as one notice; made when sent, never kept */
export interface DigestMessage {
  kind: "digest";
  to: Recipient;
  alerts: AlertMessage[];
}

/** one of a donor's units in her weekly digest: how it was watched, its air, its alerts, its bags */
export interface WeeklyUnit {
  unitName: string;
  /** readings received in the week, probe faults included */
  readings: number;
  /** the newest reading the gateway has from it; null: it never reported */
  lastReadingMs: number | null;
  /** the week's coldest and warmest air; null when no reading had a temperature */
  minC: number | null;
  maxC: number | null;
  /** nothing came all week, or the sensor is silent now: the week cannot be called well */
  silent: boolean;
  /** alerts whose condition held at some time in the week */
  alerts: {
    label: string;
    severity: Alert["severity"];
    openedAtMs: number;
    state: Alert["state"];
    url: string;
  }[];
  bags: { label: string; phase: BatchPhase; useByMs: number | null }[];
  unitUrl: string;
}

/** a donor's weekly "all is well" (or not): made when the week ends, kept until sent */
export interface WeeklyMessage {
  kind: "weekly";
  to: Recipient;
  displayName: string;
  /** the week it covers, [fromMs, toMs) */
  fromMs: number;
  toMs: number;
  /** the site's zone (site.timeZone): times in it read as the schedule does */
  timeZone: string;
  units: WeeklyUnit[];
  settingsUrl: string;
}

/** what the queue keeps and sends on its own; a digest of alerts is made from these when sent */
export type QueuedMessage = AlertMessage | TestMessage | WeeklyMessage;

export type NoticeMessage = QueuedMessage | DigestMessage;

/** what the audit trail names a notice by */
export function subjectOf(message: QueuedMessage): string {
  return message.kind === "alert" ? `alert:${message.alert.id}` : `user:${message.to.userId ?? "?"}`;
}
