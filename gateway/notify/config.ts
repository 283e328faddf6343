// The site's notification settings; the gateway's config schema includes them as `notifications`.
// Each problem names what to change, so a site fixes its file in one go (docs/notifications.md).
import { z } from "zod";

/** how one channel retries and how many notices it may hold */
const delivery = {
  /** notices waiting on this channel; beyond it the oldest waiting one is dropped, counted */
  maxPending: z.number().int().positive().default(1000),
  maxAttempts: z.number().int().positive().default(6),
  /** first retry after this, doubling each time up to maxBackoffMs */
  backoffMs: z.number().int().positive().default(2000),
  maxBackoffMs: z.number().int().positive().default(300_000),
};

const emailSchema = z
  .strictObject({
    host: z.string().min(1, "the SMTP server's name, e.g. smtp.example.org"),
    /** 587 (submission, STARTTLS), 465 (implicit TLS) or 25 */
    port: z.number().int().min(1).max(65535).default(587),
    /** starttls: upgrade after connecting, and refuse a server that cannot; implicit: TLS from the first byte (port 465); none: plain text, for a relay on the same machine only */
    tls: z.enum(["starttls", "implicit", "none"]).default("starttls"),
    user: z.string().min(1).optional(),
    password: z.string().min(1).optional(),
    /** the sender people see, e.g. "MilkGuard <alerts@milkbank.example>" */
    from: z
      .string()
      .regex(/<?[^<>\s@]+@[^<>\s@]+>?\s*$/, "write an address, e.g. MilkGuard <alerts@example.org>"),
    timeoutMs: z.number().int().positive().default(15_000),
    ...delivery,
  })
  .superRefine((email, ctx) => {
    if ((email.user === undefined) !== (email.password === undefined))
      ctx.addIssue({
        code: "custom",
        path: [email.user === undefined ? "user" : "password"],
        message: "set both user and password (the SMTP login), or neither for a server that needs none",
      });
    if (email.port === 465 && email.tls === "starttls")
      ctx.addIssue({
        code: "custom",
        path: ["tls"],
        message: "port 465 speaks TLS from the first byte: set tls to 'implicit' (or use port 587)",
      });
    if (email.tls === "none" && email.password !== undefined)
      ctx.addIssue({
        code: "custom",
        path: ["tls"],
        message: "a password must not cross the network in plain text: use 'starttls' or 'implicit'",
      });
  });

/** Twilio's Messages API (https://www.twilio.com/docs/messaging/api/message-resource#create-a-message-resource) */
const twilioSchema = z.strictObject({
  provider: z.literal("twilio"),
  accountSid: z
    .string()
    .regex(/^AC[0-9a-f]{32}$/, "the Account SID from the Twilio console: AC and 32 hex digits"),
  authToken: z.string().min(16, "the Auth Token from the Twilio console"),
  /** the sending number in E.164 (+441234567890) or a Messaging Service SID (MG...) */
  from: z
    .string()
    .regex(
      /^(\+[1-9]\d{6,14}|MG[0-9a-f]{32})$/,
      "an E.164 number like +441234567890, or a Messaging Service SID (MG...)",
    ),
  /** only for a stand-in in tests */
  apiUrl: z.url().default("https://api.twilio.com"),
  timeoutMs: z.number().int().positive().default(10_000),
  ...delivery,
});

/** any provider with an HTTP API: a POST whose body is a template with {{to}} and {{text}} */
const httpSmsSchema = z.strictObject({
  provider: z.literal("http"),
  url: z.url(),
  headers: z.record(z.string(), z.string()).default({}),
  contentType: z.string().default("application/json"),
  body: z
    .string()
    .refine(
      (b) => b.includes("{{to}}") && b.includes("{{text}}"),
      "the body must contain {{to}} and {{text}}",
    ),
  timeoutMs: z.number().int().positive().default(10_000),
  ...delivery,
});

const weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof weekdays)[number];

/** one step of the site's escalation: its people always, or by day of the week (a rota) */
const stepSchema = z.union([
  z.strictObject({ name: z.string().min(1), users: z.array(z.string().min(1)).min(1) }),
  z.strictObject({
    name: z.string().min(1),
    rota: z.partialRecord(z.enum(weekdays), z.array(z.string().min(1))),
  }),
]);
export type EscalationStep = z.infer<typeof stepSchema>;

/**
 * Each donor with units hears once a week that each of her freezers was watched (or that its sensor
 * went quiet): proof the sensor is alive. At `day` `at`, the site's time (site.timeZone).
 */
const weeklyDigestSchema = z.strictObject({
  enabled: z.boolean().default(true),
  day: z.enum(weekdays).default("sun"),
  at: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "write the time as HH:MM, e.g. 18:00")
    .default("18:00"),
  /** how often the gateway looks whether the digest is due; a late one goes at the next look */
  checkEverySeconds: z.number().positive().max(3600).default(60),
});
export type WeeklyDigestConfig = z.infer<typeof weeklyDigestSchema>;

export const notificationsSchema = z.strictObject({
  /** where people open the dashboard (behind the site's proxy): the links in notices start with it */
  publicUrl: z.url().default("http://localhost:8080"),
  /** quiet hours and the rota are read in this zone (IANA, e.g. Europe/London) */
  timeZone: z
    .string()
    .refine(isTimeZone, "not a time zone this system knows: use an IANA name, e.g. Europe/London")
    .default("UTC"),
  /**
   * after a notice to a person on a channel, what follows within this long waits to go with the
   * others as one digest: a cold room's 100 units alarming at once make two e-mails, not 100, and the
   * first is not delayed (the rest well within the minute a person should hear of an alert in)
   */
  gatherSeconds: z.number().min(0).max(300).default(20),
  /** an acknowledge link in a notice works this long, once */
  ackLinkHours: z
    .number()
    .positive()
    .max(24 * 14)
    .default(24),
  email: emailSchema.optional(),
  /**
   * Web Push to the dashboard installed on a phone; the gateway makes its VAPID keys on first start.
   * `subject` is how a push service reaches the site's operator if something goes wrong.
   */
  push: z
    .strictObject({
      subject: z
        .string()
        .regex(
          /^(mailto:\S+@\S+|https:\/\/\S+)$/,
          "a mailto: address or an https: URL, e.g. mailto:alerts@milkbank.example",
        ),
      timeoutMs: z.number().int().positive().default(10_000),
      ...delivery,
    })
    .optional(),
  sms: z.discriminatedUnion("provider", [twilioSchema, httpSmsSchema]).optional(),
  /**
   * who is told at each escalation level, in order: level 0 (the first notice) tells the first step;
   * each unanswered repeat (alerts.*.repeatEveryMin) adds the next. A donor's own unit tells her
   * first and the steps after her.
   */
  escalation: z.array(stepSchema).default([]),
  weeklyDigest: weeklyDigestSchema.prefault({}),
});

export type NotificationsConfig = z.infer<typeof notificationsSchema>;
export type EmailConfig = z.infer<typeof emailSchema>;
export type SmsConfig = NonNullable<NotificationsConfig["sms"]>;
export type PushConfig = NonNullable<NotificationsConfig["push"]>;
export { weekdays };

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
