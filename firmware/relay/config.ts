// relay.json: which cool boxes this relay serves, in whose name it speaks to the gateway, and where
// EspruinoHub and the gateway are. Every mistake is listed at start-up, and the relay does not start.
import { readFileSync } from "node:fs";
import { z } from "zod";
import { isValidDeviceId } from "../../shared/protocol/topics.js";

const coolBox = z.strictObject({
  /** the device id the gateway gave the cool box's sensor */
  deviceId: z.string().refine(isValidDeviceId, "use 1-32 characters a-z, 0-9 and '-'"),
  /** that device's MQTT password, as the gateway printed it when the device was added */
  password: z.string().min(1),
  /** the Puck's Bluetooth address, as EspruinoHub names it (lower case, e.g. c7:f9:36:dd:b0:ca) */
  address: z.string().regex(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i, "a Bluetooth address like c7:f9:36:dd:b0:ca"),
  board: z.enum(["PUCKJS", "PIXLJS"]).default("PUCKJS"),
  /** only when the gateway requires signed readings (mqtt.requireMac): the device's HMAC key */
  hmacKey: z.string().min(1).optional(),
});

export const relayConfigSchema = z.strictObject({
  gateway: z
    .strictObject({
      url: z.string().default("mqtt://127.0.0.1:1883"),
      prefix: z.string().default("milkguard"),
    })
    .prefault({}),
  espruinoHub: z
    .strictObject({
      /** the broker EspruinoHub publishes to (usually Mosquitto on the same Raspberry Pi) */
      url: z.string().default("mqtt://127.0.0.1:1883"),
      username: z.string().optional(),
      password: z.string().optional(),
      /** EspruinoHub's mqtt_prefix */
      prefix: z.string().default("/ble"),
    })
    .prefault({}),
  /** visit every cool box this often even when no advert was heard */
  pollMinutes: z.number().positive().default(15),
  /** readings per message (the protocol allows 100; a Puck builds each in its small memory) */
  batchSize: z.number().int().min(1).max(100).default(20),
  ackTimeoutS: z.number().positive().default(30),
  /** how long the Puck may take to answer one console call */
  consoleTimeoutS: z.number().positive().default(10),
  coolBoxes: z.array(coolBox).min(1),
});

export type RelayConfig = z.infer<typeof relayConfigSchema>;

export type LoadedRelayConfig = { ok: true; config: RelayConfig } | { ok: false; errors: string[] };

export function validateRelayConfig(input: unknown): LoadedRelayConfig {
  const parsed = relayConfigSchema.safeParse(input);
  if (!parsed.success)
    return {
      ok: false,
      errors: parsed.error.issues.map((i) => `${i.path.join(".") || "(file)"}: ${i.message}`),
    };
  const ids = parsed.data.coolBoxes.map((c) => c.deviceId);
  const twice = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (twice.length > 0) return { ok: false, errors: twice.map((id) => `coolBoxes: ${id} is listed twice`) };
  return { ok: true, config: parsed.data };
}

export function loadRelayConfig(file: string): LoadedRelayConfig {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    return { ok: false, errors: [`${file}: ${(err as Error).message}`] };
  }
  try {
    return validateRelayConfig(JSON.parse(text));
  } catch (err) {
    return { ok: false, errors: [`${file}: not JSON (${(err as Error).message})`] };
  }
}
