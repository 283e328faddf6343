// What the API's routes take: one zod schema per body and query, the gateway's check (a failed parse
// is a 400 naming the first bad field) and the page's types (z.input) alike. Query values arrive as
// text, so numbers in a query are coerced.
import { z } from "zod";
import { isValidDeviceId } from "../protocol/topics.js";
import type { BatchSpec, ContainerKind } from "../rules/types.js";
import { NotificationSettingsBody } from "./notifications.js";
import { MAX_PASSWORD_CHARS } from "./password-rule.js";
import { ALERT_STATES, RECEPTION_DECISIONS, ROLES } from "./records.js";

const id = () => z.string().min(1);
const queryNumber = () => z.coerce.number().int();
/** when something happened, if it is recorded afterwards (Unix ms) */
const eventTime = () => z.number().int().positive().optional();

// a bag's words are the rules' (shared/rules/types.ts BatchSpec)
const CONTAINERS = ["flat-bag", "bottle"] as const satisfies readonly ContainerKind[];
const PURPOSES = ["own", "donation"] as const satisfies readonly BatchSpec["purpose"][];
const PROCESSING = ["raw", "pasteurised"] as const satisfies readonly BatchSpec["processing"][];
const FORMATS = ["json", "csv"] as const;

/** user names are at most 64 characters (NewUserBody); the bound also keeps the login throttle's memory small */
export const LoginBody = z.object({ name: z.string().min(1).max(64), password: z.string().min(1).max(1024) });

const userName = () => z.string().trim().min(1).max(64);
const displayName = () => z.string().trim().min(1).max(120);
/** the gateway checks it against the rule (shared/api/password-rule.ts) and says which part failed */
const newPassword = () => z.string().max(MAX_PASSWORD_CHARS);

export const NewUserBody = z.object({
  id: z.string().min(1).max(64).optional(),
  name: userName(),
  displayName: displayName(),
  role: z.enum(ROLES),
  password: newPassword(),
  email: NotificationSettingsBody.shape.email,
  phone: NotificationSettingsBody.shape.phone,
});

/** the first admin, with the token of the setup link the gateway printed */
export const SetupBody = z.object({
  token: z.string().min(1).max(100),
  name: userName(),
  displayName: displayName(),
  password: newPassword(),
});

/** an admin changes who someone is and where their notices go; what is left out stays; null clears */
export const UserChangeBody = z.object({
  displayName: displayName().optional(),
  role: z.enum(ROLES).optional(),
  email: NotificationSettingsBody.shape.email,
  phone: NotificationSettingsBody.shape.phone,
});

/** a new password an admin sets (a disabled account can sign in again with it) */
export const PasswordBody = z.object({ password: newPassword() });

export const NewUnitBody = z.object({
  id: z.string().min(1).max(64).optional(),
  name: z.string().min(1).max(120),
  profileId: id(),
  ownerId: id().optional(),
});

export const ReadingsQuery = z.object({
  from: queryNumber().nonnegative().optional(),
  to: queryNumber().positive().optional(),
  bucketMs: queryNumber().min(1000).optional(),
});

export const DeviceListQuery = z.object({ unitId: id().optional() });

export const NewDeviceBody = z.object({
  id: z
    .string()
    .refine(isValidDeviceId, "use 1-32 characters a-z, 0-9 and '-' (it is part of MQTT topics)")
    .optional(),
  unitId: id(),
  board: z.string().min(1).max(64).optional(),
  intervalS: z.number().int().positive().optional(),
});

export const AlertListQuery = z.object({
  state: z
    .string()
    .default("open,acknowledged")
    .transform((s) => s.split(",").filter(Boolean))
    .pipe(z.array(z.enum(ALERT_STATES)).min(1)),
  unitId: id().optional(),
});
export const AcknowledgeBody = z.object({ comment: z.string().max(2000).default("") });
export const AcknowledgeUnitBody = AcknowledgeBody.extend({ unitId: z.string().min(1) });
export const ResolveBody = z.object({
  correctiveAction: z.string().trim().min(1, "say what was done").max(2000),
});

export const BatchListQuery = z.object({ unitId: id().optional(), donorId: id().optional() });
export const NewBatchBody = z.object({
  label: z.string().trim().min(1).max(120),
  donorId: id().optional(),
  unitId: id(),
  volumeMl: z.number().positive().max(5000),
  container: z.enum(CONTAINERS),
  expressedAtMs: z.number().int().positive(),
  purpose: z.enum(PURPOSES),
  processing: z.enum(PROCESSING),
  /** when the bag went into the unit, if before now (a donor registers yesterday's bags today) */
  putInAtMs: z.number().int().positive().optional(),
});
export const MoveBody = z.object({ toUnitId: id().nullable(), note: z.string().max(500).optional() });
export const DiscardBody = z.object({ reason: z.string().trim().min(1, "say why").max(500) });
export const ThawQuery = z.object({
  from: queryNumber().nonnegative().optional(),
  to: queryNumber().positive().optional(),
});

export const TripListQuery = z.object({ open: z.enum(["true", "false"]).optional() });
export const StartTripBody = z.object({ boxUnitId: id(), courierId: id().optional() });
export const PickupBody = z.object({
  donorId: id(),
  batchIds: z.array(id()).min(1).max(500),
  atMs: eventTime(),
});
export const HandoverBody = z.object({ atMs: eventTime() });
export const ReceptionBody = z.object({
  decision: z.enum(RECEPTION_DECISIONS),
  comment: z.string().max(2000).default(""),
});
export const TripReportQuery = z.object({ format: z.enum(FORMATS).default("json") });

export const DailyQuery = z.object({
  unitId: id().optional(),
  from: queryNumber().nonnegative().optional(),
  to: queryNumber().positive().optional(),
  format: z.enum(FORMATS).default("json"),
});

export const AuditQuery = z.object({
  subject: id().optional(),
  limit: queryNumber().min(1).max(5000).default(200),
});

/** the most a list answers is the store's bound on one device's quarantine (the gateway checks it) */
export const QuarantineListQuery = z.object({
  deviceId: id().optional(),
  unitId: id().optional(),
  reason: id().optional(),
  limit: queryNumber().min(1).default(500),
});

/** a clock set to 1970 is 56 years off; no correction is larger */
const MAX_OFFSET_S = 60 * 366 * 86_400;

export const ReleaseBody = z
  .object({
    ids: z.array(z.number().int().positive()).min(1).max(1000).optional(),
    deviceId: id().optional(),
    reason: id().optional(),
    offsetS: z.number().int().min(-MAX_OFFSET_S).max(MAX_OFFSET_S).default(0),
    comment: z.string().max(2000).default(""),
  })
  .refine((b) => (b.ids === undefined) === (b.deviceId !== undefined && b.reason !== undefined), {
    message: "give either ids, or deviceId and reason",
    path: ["ids"],
  });
