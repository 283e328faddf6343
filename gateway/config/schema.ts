// The one source of the gateway's configuration: its TypeScript type and its defaults both come from
// this schema. Durations and limits from milk guidance are NOT here (they live in shared/profiles);
// these are operational settings (ports, how often to repeat a notice).
import { z } from "zod";
import { LANGUAGES, TEMPERATURE_UNITS } from "../../shared/api/preferences.js";
import { MAX_PAYLOAD_BYTES } from "../../shared/protocol/limits.js";
import { DEFAULT_NEW_SESSIONS_PER_SECOND } from "../broker/admission.js";
import { DEFAULT_MAX_PACKET_BYTES } from "../broker/packet-limit.js";
import { homeAssistantProblems, homeAssistantSchema } from "../homeassistant/config.js";
import { externalBrokerSchema } from "../mqtt-external/config.js";
import { notificationsSchema } from "../notify/config.js";
import { readingsConfigSchema } from "../store/readings-backend.js";
import { isTimeZone, machineTimeZone } from "./time-zone.js";

const port = z.number().int().min(0).max(65535);
/** fixed header, topic (prefix, device id, channel) and packet id around a payload, with room to spare */
const PACKET_OVERHEAD_BYTES = 1024;
/** [MQTT-2.2.3]: four bytes of remaining length, 268,435,455, plus the 5-byte fixed header */
const MQTT_MAX_PACKET_BYTES = 268_435_460;

const repeat = z.object({
  /** minutes between notices while nobody acknowledges; 0 = never repeat */
  repeatEveryMin: z.number().min(0),
  /** escalation level stops rising here */
  maxLevel: z.number().int().min(0),
});

const limitOverrides = z.record(z.string(), z.number()).describe("profile field -> value, e.g. warningHighC");

export const unitSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]{1,40}$/, "use 1-40 characters a-z, 0-9 and '-'"),
  name: z.string().min(1),
  profile: z.string(),
  /** login name of the donor who owns it */
  owner: z.string().optional(),
});

export const configSchema = z
  .strictObject({
    version: z.literal(1).default(1),
    site: z
      .strictObject({
        name: z.string().default("MilkGuard"),
        ruleSet: z.string().default("cdc-home"),
        /** IANA name; daily reports cut days at midnight here. Default: the machine's zone */
        timeZone: z
          .string()
          .refine(isTimeZone, {
            error: (issue) =>
              `unknown time zone '${String(issue.input)}': use an IANA name such as 'Europe/Paris', 'Europe/London' or 'America/New_York' (https://en.wikipedia.org/wiki/List_of_tz_database_time_zones)`,
          })
          .default(machineTimeZone),
        /** what the dashboard shows until a user picks her own; stored temperatures stay °C */
        temperatureUnit: z.enum(TEMPERATURE_UNITS).default("C"),
        language: z.enum(LANGUAGES).default("en"),
      })
      .prefault({}),
    /** folder of the SQLite file; relative to the working directory */
    dataDir: z.string().default("data"),
    mqtt: z
      .strictObject({
        host: z.string().default("0.0.0.0"),
        port: port.default(1883),
        prefix: z
          .string()
          .regex(/^[a-z0-9-]+(\/[a-z0-9-]+)*$/, "levels of a-z, 0-9 and '-'")
          .default("milkguard"),
        /** MQTT over WebSocket on the HTTP port at this path */
        websocketPath: z.string().startsWith("/").default("/mqtt"),
        /**
         * the largest MQTT packet (or WebSocket message) the embedded broker reads, bytes; a client
         * announcing more is disconnected before the broker buffers it. At least the largest payload
         * the gateway accepts plus room for its topic and header; MQTT's own ceiling is 256 MB.
         */
        maxPacketBytes: z
          .number()
          .int()
          .min(MAX_PAYLOAD_BYTES + PACKET_OVERHEAD_BYTES, "must hold a full readings payload and its topic")
          .max(MQTT_MAX_PACKET_BYTES)
          .default(DEFAULT_MAX_PACKET_BYTES),
        /**
         * new device sessions the embedded broker admits a second; a CONNECT over it is refused with
         * CONNACK 3 (server unavailable) and the device retries after its back-off. Measured in
         * docs/scaling.md ("A reconnect storm").
         */
        newSessionsPerSecond: z.number().int().min(1).default(DEFAULT_NEW_SESSIONS_PER_SECOND),
        /** refuse readings without a valid per-message HMAC from devices that have a key */
        requireMac: z.boolean().default(false),
        /** connect to this broker instead of running the embedded one (docs/scaling.md) */
        external: externalBrokerSchema.optional(),
      })
      .prefault({}),
    /** where readings go: the SQLite file (default) or InfluxDB behind a spool (docs/influxdb.md) */
    readings: readingsConfigSchema.prefault({}),
    homeAssistant: homeAssistantSchema.prefault({}),
    http: z.strictObject({ host: z.string().default("0.0.0.0"), port: port.default(8080) }).prefault({}),
    log: z
      .strictObject({ level: z.enum(["debug", "info", "warn", "error", "silent"]).default("info") })
      .prefault({}),
    engine: z
      .strictObject({
        /** how often the rules see the clock (sensor silence, deadlines), seconds */
        tickSeconds: z.number().positive().default(15),
        /** rule state is saved at most this often, seconds */
        saveEverySeconds: z.number().positive().default(5),
      })
      .prefault({}),
    /** per-site overrides of profile numbers, by profile id */
    profiles: z.record(z.string(), limitOverrides).default({}),
    units: z.array(unitSchema).default([]),
    alerts: z
      .strictObject({
        info: repeat.default({ repeatEveryMin: 0, maxLevel: 0 }),
        warning: repeat.default({ repeatEveryMin: 60, maxLevel: 2 }),
        critical: repeat.default({ repeatEveryMin: 15, maxLevel: 3 }),
        /** per profile id, per severity */
        byProfile: z
          .record(z.string(), z.record(z.enum(["info", "warning", "critical"]), repeat))
          .default({}),
        checkEverySeconds: z.number().positive().default(30),
      })
      .prefault({}),
    webhook: z
      .strictObject({
        url: z.url().optional(),
        maxQueue: z.number().int().positive().default(1000),
        maxAttempts: z.number().int().positive().default(6),
        backoffMs: z.number().int().positive().default(1000),
        timeoutMs: z.number().int().positive().default(5000),
      })
      .prefault({}),
    /** alert notices to people: e-mail, SMS, who is told and when (docs/notifications.md) */
    notifications: notificationsSchema.prefault({}),
    demo: z
      .strictObject({
        enabled: z.boolean().default(false),
        /** seconds between the simulated sensors' live readings */
        liveIntervalS: z.number().positive().default(5),
      })
      .prefault({}),
  })
  .superRefine((config, ctx) => {
    for (const p of homeAssistantProblems(config.homeAssistant, config.mqtt)) {
      ctx.addIssue({ code: "custom", path: ["homeAssistant", p.key], message: p.message });
    }
  });

export type GatewayConfig = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
