// Home Assistant discovery settings; the gateway's config schema includes them as `homeAssistant`.
import { z } from "zod";

/** a password someone could guess from a word list is no login */
export const MIN_HOME_ASSISTANT_PASSWORD_LENGTH = 12;

export const homeAssistantSchema = z.strictObject({
  enabled: z.boolean().default(false),
  /** must match Home Assistant's MQTT discovery prefix */
  discoveryPrefix: z
    .string()
    .regex(/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/)
    .default("homeassistant"),
  /** Home Assistant's user name on the embedded broker; no device may have this id */
  username: z.string().min(1).default("homeassistant"),
  /** Home Assistant's password on the embedded broker (or MILKGUARD_HA_PASSWORD); it may only read */
  password: z
    .string()
    .min(
      MIN_HOME_ASSISTANT_PASSWORD_LENGTH,
      `use at least ${MIN_HOME_ASSISTANT_PASSWORD_LENGTH} characters (e.g. openssl rand -hex 16)`,
    )
    .optional(),
});

export type HomeAssistantConfig = z.infer<typeof homeAssistantSchema>;

export interface ConfigProblem {
  /** under `homeAssistant` */
  key: keyof HomeAssistantConfig;
  message: string;
}

/** What `homeAssistant` needs from the rest of the configuration: its login, and its own topics. */
export function homeAssistantProblems(
  ha: HomeAssistantConfig,
  mqtt: { prefix: string; external?: unknown },
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const embedded = mqtt.external === undefined;
  if (ha.enabled && embedded && ha.password === undefined) {
    problems.push({
      key: "password",
      message:
        `Home Assistant needs its own login on the embedded broker: set a password here ` +
        `(or MILKGUARD_HA_PASSWORD) and enter it, with the user name '${ha.username}', in Home Assistant's MQTT integration`,
    });
  }
  if (!embedded && ha.password !== undefined) {
    problems.push({
      key: "password",
      message:
        "is for the embedded broker only: with mqtt.external, give Home Assistant a login on that broker",
    });
  }
  const inside = (a: string, b: string) => a === b || a.startsWith(`${b}/`);
  if (ha.enabled && (inside(ha.discoveryPrefix, mqtt.prefix) || inside(mqtt.prefix, ha.discoveryPrefix))) {
    problems.push({
      key: "discoveryPrefix",
      message: `must not overlap the device topics under '${mqtt.prefix}' (Home Assistant would read devices' acks and configs)`,
    });
  }
  return problems;
}
