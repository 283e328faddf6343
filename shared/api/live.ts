// The live events of GET /api/events (server-sent events): each event's name and its data. The
// gateway sends a user only what they may see (a donor of a trip: her own pick-ups).
import type { Alert, AuditEntry, Batch, Trip } from "./records.js";

export const LIVE_PATH = "/api/events";

export interface LiveEvents {
  /** a reading of a unit's air, durably stored */
  reading: { unitId: string; timeMs: number; tempC: number | null };
  /** an alert opened, changed state, escalated or repeated */
  alert: Alert;
  /** a bag registered, moved, discarded, or its thaw state changed */
  batch: Batch;
  trip: Trip;
  /** a new line of the audit trail (to those who may read it) */
  audit: AuditEntry;
}

export type LiveEvent = keyof LiveEvents;

export const LIVE_EVENTS: readonly LiveEvent[] = ["reading", "alert", "batch", "trip", "audit"];
