// Loads the configuration: the file (MILKGUARD_CONFIG, `--config FILE`, or ./milkguard.config.json
// when present), then environment overrides, then validation that lists EVERY error as
// `path: message`, then cross-checks of profile and rule set ids with a did-you-mean. With no file
// at all the defaults run the demo. The result is deep-frozen.
import { existsSync, readFileSync } from "node:fs";
import type { z } from "zod";
import { didYouMean } from "./did-you-mean.js";
import { type ConfigInput, configSchema, type GatewayConfig } from "./schema.js";

export const DEFAULT_CONFIG_FILE = "milkguard.config.json";

export interface KnownIds {
  profiles: string[];
  ruleSets: string[];
  /** numeric fields of a profile a site may override */
  profileFields: string[];
}

export type LoadedConfig =
  | { ok: true; config: Readonly<GatewayConfig>; file: string | undefined }
  | { ok: false; errors: string[]; file: string | undefined };

export function configFileFrom(argv: string[], env: NodeJS.ProcessEnv): string | undefined {
  const flag = argv.indexOf("--config");
  if (flag >= 0 && argv[flag + 1]) return argv[flag + 1];
  if (env.MILKGUARD_CONFIG) return env.MILKGUARD_CONFIG;
  return existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : undefined;
}

export function loadConfig(file: string | undefined, env: NodeJS.ProcessEnv, known: KnownIds): LoadedConfig {
  let input: ConfigInput = { demo: { enabled: true } };
  if (file !== undefined) {
    try {
      input = JSON.parse(readFileSync(file, "utf8")) as ConfigInput;
    } catch (err) {
      return { ok: false, errors: [`${file}: ${err instanceof Error ? err.message : String(err)}`], file };
    }
  }
  return validateConfig(withEnvironment(input, env), known, file);
}

export function validateConfig(input: unknown, known: KnownIds, file?: string): LoadedConfig {
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    // Name the unknown profiles too, so one run shows every mistake.
    const errors = [...parsed.error.issues.map(issueText), ...unitProfileErrors(input, known)];
    return { ok: false, errors, file };
  }
  const errors = referenceErrors(parsed.data, known);
  if (errors.length > 0) return { ok: false, errors, file };
  return { ok: true, config: deepFreeze(parsed.data), file };
}

const ENV_OVERRIDES: { name: string; path: string[]; kind: "number" | "string" | "boolean" }[] = [
  { name: "MILKGUARD_MQTT_PORT", path: ["mqtt", "port"], kind: "number" },
  { name: "MILKGUARD_MQTT_HOST", path: ["mqtt", "host"], kind: "string" },
  { name: "MILKGUARD_HTTP_PORT", path: ["http", "port"], kind: "number" },
  { name: "MILKGUARD_HTTP_HOST", path: ["http", "host"], kind: "string" },
  { name: "MILKGUARD_DATA_DIR", path: ["dataDir"], kind: "string" },
  { name: "MILKGUARD_LOG_LEVEL", path: ["log", "level"], kind: "string" },
  { name: "MILKGUARD_RULE_SET", path: ["site", "ruleSet"], kind: "string" },
  { name: "MILKGUARD_WEBHOOK_URL", path: ["webhook", "url"], kind: "string" },
  { name: "MILKGUARD_DEMO", path: ["demo", "enabled"], kind: "boolean" },
  { name: "MILKGUARD_DEMO_INTERVAL_S", path: ["demo", "liveIntervalS"], kind: "number" },
  // a secret: kept out of the file where the file is shared or versioned
  { name: "MILKGUARD_HA_PASSWORD", path: ["homeAssistant", "password"], kind: "string" },
];

/** Environment variables win over the file; a value that does not parse is left for the schema to report. */
export function withEnvironment(input: ConfigInput, env: NodeJS.ProcessEnv): ConfigInput {
  const out = structuredClone(input) as Record<string, unknown>;
  for (const o of ENV_OVERRIDES) {
    const raw = env[o.name];
    if (raw === undefined || raw === "") continue;
    let target = out;
    for (const key of o.path.slice(0, -1)) {
      if (typeof target[key] !== "object" || target[key] === null) target[key] = {};
      target = target[key] as Record<string, unknown>;
    }
    target[o.path[o.path.length - 1] as string] = envValue(raw, o.kind);
  }
  return out as ConfigInput;
}

function envValue(raw: string, kind: "number" | "string" | "boolean"): unknown {
  if (kind === "number") return raw.trim() !== "" && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  if (kind === "boolean")
    return ["1", "true", "on", "yes"].includes(raw)
      ? true
      : ["0", "false", "off", "no"].includes(raw)
        ? false
        : raw;
  return raw;
}

function referenceErrors(config: GatewayConfig, known: KnownIds): string[] {
  const errors: string[] = [];
  const unknown = (path: string, what: string, id: string, ids: string[]) =>
    errors.push(unknownText(path, what, id, ids));
  if (!known.ruleSets.includes(config.site.ruleSet))
    unknown("site.ruleSet", "rule set", config.site.ruleSet, known.ruleSets);
  config.units.forEach((unit, i) => {
    if (!known.profiles.includes(unit.profile))
      unknown(`units[${i}].profile`, "profile", unit.profile, known.profiles);
  });
  for (const [id, fields] of Object.entries(config.profiles)) {
    if (!known.profiles.includes(id)) unknown(`profiles.${id}`, "profile", id, known.profiles);
    for (const field of Object.keys(fields)) {
      if (!known.profileFields.includes(field))
        unknown(`profiles.${id}.${field}`, "profile field", field, known.profileFields);
    }
  }
  for (const id of Object.keys(config.alerts.byProfile)) {
    if (!known.profiles.includes(id)) unknown(`alerts.byProfile.${id}`, "profile", id, known.profiles);
  }
  const ids = new Set<string>();
  config.units.forEach((unit, i) => {
    if (ids.has(unit.id)) errors.push(`units[${i}].id: '${unit.id}' is used twice`);
    ids.add(unit.id);
  });
  return errors;
}

function unitProfileErrors(input: unknown, known: KnownIds): string[] {
  const units = (input as { units?: unknown } | null)?.units;
  if (!Array.isArray(units)) return [];
  const errors: string[] = [];
  units.forEach((unit: { profile?: unknown } | null, i) => {
    const id = unit?.profile;
    if (typeof id === "string" && !known.profiles.includes(id))
      errors.push(unknownText(`units[${i}].profile`, "profile", id, known.profiles));
  });
  return errors;
}

function unknownText(path: string, what: string, id: string, ids: string[]): string {
  const hint = didYouMean(id, ids);
  return `${path}: unknown ${what} '${id}'${hint ? ` - did you mean '${hint}'?` : ` (known: ${ids.join(", ")})`}`;
}

function issueText(issue: z.core.$ZodIssue): string {
  const path = issue.path.reduce<string>(
    (text, key) =>
      typeof key === "number" ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key),
    "",
  );
  return `${path || "(file)"}: ${issue.message}`;
}

function deepFreeze<T>(value: T): Readonly<T> {
  if (value !== null && typeof value === "object") {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
