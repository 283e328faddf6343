// What a notice carries, prepared when it is queued so it can wait (a retry, quiet hours, a restart)
// and still be told as it was: the alert, the unit's latest reading, the bags and what to do with
// each, and the links. Each channel renders it in its own words (render.ts).
import type { BatchAction } from "../../shared/api/answers.js";
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

export type NoticeMessage = AlertMessage | TestMessage | DigestMessage;

/** what the audit trail names a notice by */
export function subjectOf(message: AlertMessage | TestMessage): string {
  return message.kind === "alert" ? `alert:${message.alert.id}` : `user:${message.to.userId ?? "?"}`;
}
