// Configuration of the external-broker mode; the gateway's config schema includes it as
// `mqtt.external` (absent: the embedded aedes broker, the default).
import { readFileSync } from "node:fs";
import { z } from "zod";
import type { Logger } from "../log.js";
import type { ExternalBrokerOptions } from "./external-link.js";

export const externalBrokerSchema = z.strictObject({
  url: z.string().regex(/^(mqtts?|wss?):\/\/.+/, "use mqtt://, mqtts://, ws:// or wss://host:port"),
  /** fixed and unique per gateway: the broker keeps this gateway's session under it */
  clientId: z.string().min(1).optional(),
  username: z.string().optional(),
  password: z.string().optional(),
  /** PEM files for TLS: the broker's CA, and this gateway's certificate and key for mutual TLS */
  caFile: z.string().optional(),
  certFile: z.string().optional(),
  keyFile: z.string().optional(),
  rejectUnauthorized: z.boolean().default(true),
  /** MQTT 5 shared subscription group for several gateways (docs/scaling.md) */
  shareGroup: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, "letters, digits, '_' and '-'")
    .optional(),
  sessionExpiryS: z.number().int().min(0).default(3600),
});

export type ExternalBrokerConfig = z.infer<typeof externalBrokerSchema>;

/** The link's options from the config; reads the PEM files now, so a missing file fails at start. */
export function externalBrokerOptions(
  config: ExternalBrokerConfig,
  prefix: string,
  log: Logger,
): ExternalBrokerOptions {
  const pem = (file: string | undefined) => (file === undefined ? undefined : readFileSync(file, "utf8"));
  const tls = {
    ca: pem(config.caFile),
    cert: pem(config.certFile),
    key: pem(config.keyFile),
    rejectUnauthorized: config.rejectUnauthorized,
  };
  return {
    url: config.url,
    prefix,
    log,
    tls: Object.fromEntries(Object.entries(tls).filter(([, v]) => v !== undefined)),
    ...(config.clientId !== undefined ? { clientId: config.clientId } : {}),
    ...(config.username !== undefined ? { username: config.username } : {}),
    ...(config.password !== undefined ? { password: config.password } : {}),
    ...(config.shareGroup !== undefined ? { shareGroup: config.shareGroup } : {}),
    sessionExpiryS: config.sessionExpiryS,
  };
}
