// Alert notices as a user sets them (channels, quiet hours) and as the admin sees the site's settings
// (every secret left out), with the words a notice uses for what to do with a bag.
import { z } from "zod";
import type { BatchAction } from "./answers.js";

/** the channels a person can choose; the webhook is the site's, not a person's */
export const PERSONAL_CHANNELS = ["email", "sms", "push"] as const;
export type PersonalChannel = (typeof PERSONAL_CHANNELS)[number];

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "write the time as HH:MM, e.g. 07:30");

/** no notice below critical between `from` and `to` (local time of the site); it waits until `to` */
export const QuietHours = z.object({ from: clockTime, to: clockTime });
export type QuietHours = z.infer<typeof QuietHours>;

export interface NotificationPrefs {
  channels: PersonalChannel[];
  quietHours?: QuietHours;
  /** false: no weekly "all is well" for her units (docs/notifications.md); on unless turned off */
  weeklyDigest?: boolean;
}

/** E.164, the form every SMS provider takes: + and up to 15 digits */
const phone = z
  .string()
  .regex(/^\+[1-9]\d{6,14}$/, "write the number with its country code, e.g. +447700900123");

export const NotificationSettingsBody = z.object({
  email: z.email("write an e-mail address, e.g. anna@example.org").max(254).nullable().optional(),
  phone: phone.nullable().optional(),
  channels: z.array(z.enum(PERSONAL_CHANNELS)).max(PERSONAL_CHANNELS.length),
  quietHours: QuietHours.nullable().optional(),
  weeklyDigest: z.boolean().optional(),
});

/** a user's own settings, and the channels the site can send on */
export interface NotificationSettings {
  email: string | null;
  phone: string | null;
  channels: PersonalChannel[];
  quietHours: QuietHours | null;
  /** the weekly "all is well" for a donor's units */
  weeklyDigest: boolean;
  /** channels the site has set up; a chosen channel the site lacks sends nothing */
  available: PersonalChannel[];
}

/** what a test notice did: one line per channel tried */
export interface NotificationTest {
  queued: { channel: PersonalChannel; to: string }[];
  skipped: { channel: PersonalChannel; reason: string }[];
}

/** the site's settings for the admin; a secret says only whether it is set */
export interface SiteNotificationSettings {
  publicUrl: string;
  timeZone: string;
  ackLinkHours: number;
  email: {
    host: string;
    port: number;
    tls: string;
    user: string | null;
    passwordSet: boolean;
    from: string;
  } | null;
  sms:
    | { provider: "twilio"; accountSid: string; authTokenSet: boolean; from: string }
    | { provider: "http"; url: string; headerNames: string[] }
    | null;
  webhook: { urlSet: boolean };
  escalation: { name: string; users?: string[]; rota?: Record<string, string[]> }[];
  /** notices waiting to be sent now, by channel */
  pending: Record<string, number>;
}

/** a bag's advice in a notice: what to do with it now (the dashboard's alert page says the same) */
export const BAG_ADVICE: Record<BatchAction, string> = {
  keep: "keep frozen",
  "move-now": "still frozen: move it to a working freezer now",
  "refreeze-use-first": "still holds ice: it may go back into a working freezer; use it first",
  "use-within": "do not refreeze: use it",
  discard: "discard it",
};

/** a browser's PushSubscription.toJSON(), to reach this phone or computer by Web Push */
export const PushSubscriptionBody = z.object({
  endpoint: z.url({ protocol: /^https?$/ }).max(2000),
  keys: z.object({ p256dh: z.string().min(1).max(200), auth: z.string().min(1).max(100) }),
});
export const PushRemoveBody = z.object({ endpoint: z.string().max(2000) });

/** the key a phone subscribes with (null: the site has no push) and how many of the user's devices have */
export interface PushDevices {
  publicKey: string | null;
  devices: number;
}

/** the acknowledge page's form (the link in a notice); a critical alert needs a comment */
export const AckLinkBody = z.object({ comment: z.string().max(2000).default("") });
