// What the embedded store keeps besides readings, in the users' words. Most records are kept as the
// API shows them (shared/api/records.ts); the store adds only what it never shows.
import type { Device as ApiDevice, User as ApiUser } from "../../shared/api/records.js";

export type {
  Alert,
  AlertChange,
  AlertState,
  AuditEntry,
  Batch,
  BatchMove,
  Pickup,
  Role,
  Trip,
  TripGap,
  TripReport,
  Unit,
} from "../../shared/api/records.js";

export interface User extends ApiUser {
  /** scrypt hash, never the password */
  passwordHash: string;
  /** the devices Web Push reaches the user on (gateway/notify/push.ts); never shown by the API */
  pushSubscriptions?: PushSubscriptionRecord[];
}

/** a browser's push subscription, as its PushSubscription.toJSON() gives it */
export interface PushSubscriptionRecord {
  endpoint: string;
  keys: { p256dh: string; auth: string };
  addedAtMs: number;
}

export interface Device extends ApiDevice {
  /** scrypt hash of the MQTT password, never the password */
  secretHash: string;
  /** per-device HMAC key for chips without TLS (stored because it must be used to verify) */
  hmacKey?: string;
}
