// The notices part of the site store: alert notices waiting to be sent (the delivery queue's durable
// copy, so a restart loses none), the acknowledge links already used, and the gateway's own secrets
// (the key that signs those links), made once and kept in the file.
import type { QueuedMessage } from "../notify/message.js";

export interface PendingNotice {
  id: number;
  channel: string;
  createdAtMs: number;
  /** not sent before this: a retry's back-off, or the end of the person's quiet hours */
  dueAtMs: number;
  /** tries so far */
  attempts: number;
  message: QueuedMessage;
}

export interface NoticeStore {
  /** keeps a notice to send; its id */
  add(notice: Omit<PendingNotice, "id">): number;
  /** after a failed try: when to try again */
  retryAt(id: number, attempts: number, dueAtMs: number): void;
  /** sent, given up or dropped: the audit trail keeps what happened */
  remove(id: number): void;
  /** every waiting notice, oldest first */
  pending(): PendingNotice[];
  /** marks a link's nonce used; false when it already was (a link works once) */
  claimLink(nonce: string, atMs: number): boolean;
}

export interface GatewaySecrets {
  /** the secret by that name, made by `make` and kept the first time it is asked for */
  get(name: string, make: () => string): string;
}
