// The quarantine's contract: readings the gateway refused (a device clock that was wrong, a value that
// does not parse), kept as received with why, so nothing a device sent is lost when it forgets what
// the ack covers, and staff can release them once the cause is fixed (ingest/quarantine-release.ts).

/**
 * Refused readings one device may have held at once. A week of readings at one a minute (a device
 * whose clock was wrong for that long can still be released whole), about 3 MB at most (see
 * MAX_RAW_CHARS). Beyond it refused readings are counted per device, not kept: a broken or hostile
 * device cannot fill the disk.
 */
export const MAX_QUARANTINED_PER_DEVICE = 10_080;

/** Characters of a reading's text kept; a real reading is under 80. A longer one is cut (and stays). */
export const MAX_RAW_CHARS = 256;

export interface NewQuarantined {
  deviceId: string;
  /** the unit the device was in when it sent the reading */
  unitId: string;
  /** its sequence number, or null when it had no usable one (the device is never told about it) */
  seq: number | null;
  /** the reading's JSON as received */
  raw: string;
  /** why it was refused: a protocol reason ("r[].c:not_a_number") or a time one ("future_time") */
  reason: string;
  receivedAtMs: number;
  /** where its own stamp put it in event time, Unix ms, or null when it could not be placed at all */
  placedAtMs: number | null;
}

export interface QuarantinedReading extends NewQuarantined {
  id: number;
}

export interface QuarantineFilter {
  deviceId?: string;
  unitId?: string;
  reason?: string;
  ids?: number[];
  /** the oldest this many; all when absent */
  limit?: number;
}

/** Refused readings of a device that found its quarantine full: counted, not kept. */
export interface QuarantineOverflow {
  deviceId: string;
  count: number;
  lastAtMs: number;
}

export interface Quarantine {
  /**
   * Keeps each reading durably, unless one like it is held already (a resend); past the device's
   * MAX_QUARANTINED_PER_DEVICE only counts it. Returns those newly kept and how many were only counted.
   */
  add(readings: NewQuarantined[]): { kept: NewQuarantined[]; overflow: number };
  /** oldest first */
  list(filter?: QuarantineFilter): QuarantinedReading[];
  remove(ids: number[]): void;
  /** readings held now, by reason */
  heldByReason(): Record<string, number>;
  overflow(): QuarantineOverflow[];
}
