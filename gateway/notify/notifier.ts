// The one contract every channel (webhook, e-mail, SMS, Web Push) implements: what it is called, how
// the shared queue retries it, and one try at sending one notice, whose report says what happened.
import type { PersonalChannel } from "../../shared/api/notifications.js";
import type { NoticeMessage } from "./message.js";

export type Channel = "webhook" | PersonalChannel;

export interface DeliveryPolicy {
  /** notices waiting on this channel; beyond it the oldest waiting one is dropped, counted */
  maxPending: number;
  /** tries in all, the first included */
  maxAttempts: number;
  /** the first retry waits this long, doubling each time up to maxBackoffMs */
  backoffMs: number;
  maxBackoffMs: number;
}

export type DeliveryReport =
  | { ok: true; detail?: string }
  /** `permanent`: another try cannot help (an address the server refuses, a bad login) */
  | { ok: false; problem: string; permanent?: boolean };

export interface Notifier {
  readonly channel: Channel;
  readonly policy: DeliveryPolicy;
  /** one try; never throws (a thrown error is reported as a failed try by the queue) */
  send(message: NoticeMessage): Promise<DeliveryReport>;
  close?(): void;
}

/** how long before try `attempt` + 1, after `attempt` failed tries */
export function backoffAfter(policy: DeliveryPolicy, attempt: number): number {
  return Math.min(policy.maxBackoffMs, policy.backoffMs * 2 ** (attempt - 1));
}
