// The embedded store contract for everything but readings. SQLite implements it (sqlite-site-store.ts);
// better-sqlite3 is synchronous, and so is this interface.
import type { GatewaySecrets, NoticeStore } from "./notices.js";
import type { Quarantine } from "./quarantine.js";
import type { Alert, AuditEntry, Batch, BatchMove, Device, Trip, Unit, User } from "./records.js";

export interface AuditVerification {
  ok: boolean;
  entries: number;
  /** the first entry whose hash or link does not match, when not ok */
  firstBadSeq?: number;
  reason?: string;
}

export interface SiteStore {
  users: {
    put(user: User): void;
    get(id: string): User | undefined;
    byName(name: string): User | undefined;
    list(): User[];
  };
  /** bearer tokens and session cookies, stored hashed */
  sessions: {
    create(userId: string, tokenHash: string, expiresAtMs: number): void;
    userFor(tokenHash: string, nowMs: number): User | undefined;
    revoke(tokenHash: string): void;
    /** ends every session of the user (disabled, or given a new password) */
    revokeAll(userId: string): void;
  };
  units: {
    put(unit: Unit): void;
    get(id: string): Unit | undefined;
    list(): Unit[];
  };
  devices: {
    put(device: Device): void;
    get(id: string): Device | undefined;
    list(): Device[];
    byUnit(unitId: string): Device[];
  };
  batches: {
    put(batch: Batch): void;
    get(id: string): Batch | undefined;
    /** by the code on its label, as shared/bags/code.ts spells it (`K7Q-4MY`) */
    byCode(code: string): Batch | undefined;
    list(filter?: { unitId?: string; donorId?: string }): Batch[];
    recordMove(move: BatchMove): void;
    moves(batchId: string): BatchMove[];
  };
  trips: {
    put(trip: Trip): void;
    get(id: string): Trip | undefined;
    list(filter?: { courierId?: string; open?: boolean }): Trip[];
  };
  alerts: {
    put(alert: Alert): void;
    get(id: string): Alert | undefined;
    byKey(key: string): Alert | undefined;
    list(filter?: { state?: Alert["state"][]; unitId?: string }): Alert[];
  };
  /** opaque per-unit rule state (JSON), so a restart resumes where the rules were */
  ruleState: {
    get(unitId: string): unknown;
    put(unitId: string, state: unknown): void;
  };
  audit: {
    append(entry: {
      atMs: number;
      actor: string;
      action: string;
      subject: string;
      details: Record<string, unknown>;
    }): AuditEntry;
    list(filter?: { subject?: string; limit?: number }): AuditEntry[];
    verify(): AuditVerification;
  };
  /** readings a remote readings store has not taken yet (InfluxDB down), replayed in order */
  spool: {
    push(readingsJson: string[]): void;
    peek(limit: number): { id: number; json: string }[];
    drop(upToId: number): void;
    size(): number;
  };
  /** readings the gateway refused, kept as received with why, bounded per device (quarantine.ts) */
  quarantine: Quarantine;
  /** alert notices waiting to be sent, and the acknowledge links already used (notices.ts) */
  notices: NoticeStore;
  secrets: GatewaySecrets;
  /**
   * Runs `work` in one transaction: every change it makes (a record and its audit line) is kept, or
   * none is when it throws. Calls may nest.
   */
  transaction<T>(work: () => T): T;
  /**
   * A transaction that does not wait for the disk: kept if the gateway crashes, lost on a power cut
   * unless a later transaction reached the disk. For what a power cut may only make the gateway
   * miscount, never lose (ack positions and device state: device-state.ts); an fsync each took a third of the
   * pipeline's commit time.
   */
  transactionWithoutFsync<T>(work: () => T): T;
  /**
   * Runs `tell` once the transaction under way has committed (at once outside one), never when it
   * rolls back: the bus and the people hear only of changes that are kept.
   */
  afterCommit(tell: () => void): void;
  close(): void;
}
