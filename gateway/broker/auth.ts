// Who may connect, publish and subscribe. aedes lets everyone in by default; here a device logs in
// with its id as user name and its own password, publishes only its readings and status, and
// subscribes only to its own ack and config. Every refusal is counted and logged.
import { createHash, timingSafeEqual } from "node:crypto";
import type { AedesOptions, Client } from "aedes";
import { MAX_PAYLOAD_BYTES } from "../../shared/protocol/limits.js";
import { topicFor } from "../../shared/protocol/topics.js";
import { verifyDeviceSecret } from "../devices/secret.js";
import type { Logger } from "../log.js";
import { METRIC, type Metrics } from "../metrics.js";
import type { Device } from "../store/records.js";

export interface BrokerAuthDeps {
  prefix: string;
  findDevice(id: string): Device | undefined;
  metrics: Metrics;
  log: Logger;
}

type AuthHandlers = Required<Pick<AedesOptions, "authenticate" | "authorizePublish" | "authorizeSubscribe">>;

const BAD_CREDENTIALS = 4;

export function createBrokerAuth(
  deps: BrokerAuthDeps,
): AuthHandlers & { deviceOf(client: Client): string | undefined } {
  const deviceOfClient = new WeakMap<Client, string>();
  const verified = new PasswordCache();
  const refuse = (reason: string, detail: Record<string, unknown>) => {
    deps.metrics.inc(METRIC.authFailures[0], METRIC.authFailures[1], { reason });
    deps.log.warn(`refused: ${reason}`, detail);
  };

  return {
    deviceOf: (client) => deviceOfClient.get(client),
    authenticate(client, username, password, done) {
      const device = username === undefined ? undefined : deps.findDevice(username);
      void loginProblem(device, password, verified).then((reason) => {
        if (reason !== null) {
          refuse(reason, { user: username ?? null, clientId: client.id });
          done(Object.assign(new Error("bad user name or password"), { returnCode: BAD_CREDENTIALS }), false);
          return;
        }
        deviceOfClient.set(client, username as string);
        done(null, true);
      });
    },
    authorizePublish(client, packet, callback) {
      if (client === null) return callback(null); // the gateway itself
      const id = deviceOfClient.get(client);
      const own =
        id !== undefined &&
        (packet.topic === topicFor(deps.prefix, id, "readings") ||
          packet.topic === topicFor(deps.prefix, id, "status"));
      if (!own) {
        refuse("foreign_topic_publish", { device: id ?? null, topic: packet.topic });
        return callback(new Error("not your topic"));
      }
      if (packet.payload.length > MAX_PAYLOAD_BYTES) {
        refuse("payload_too_large", { device: id, bytes: packet.payload.length });
        return callback(new Error("payload too large"));
      }
      callback(null);
    },
    authorizeSubscribe(client, sub, callback) {
      const id = deviceOfClient.get(client);
      const own =
        id !== undefined &&
        (sub.topic === topicFor(deps.prefix, id, "ack") || sub.topic === topicFor(deps.prefix, id, "config"));
      if (!own) {
        refuse("foreign_topic_subscribe", { device: id ?? null, topic: sub.topic });
        return callback(null, null);
      }
      callback(null, sub);
    },
  };
}

async function loginProblem(
  device: Device | undefined,
  password: Buffer | undefined,
  cache: PasswordCache,
): Promise<string | null> {
  if (password === undefined) return "no_password";
  if (device === undefined) return "unknown_device";
  if (cache.matches(device, password)) return null;
  if (!(await verifyDeviceSecret(password.toString("utf8"), device.secretHash))) return "wrong_password";
  cache.remember(device, password);
  return null;
}

/**
 * Remembers a fingerprint of each device's last good password so that a reconnect storm does not
 * rerun scrypt for every device; a new secret hash (re-provisioning) invalidates the entry.
 */
class PasswordCache {
  private readonly entries = new Map<string, { secretHash: string; digest: Buffer }>();

  matches(device: Device, password: Buffer): boolean {
    const entry = this.entries.get(device.id);
    if (!entry || entry.secretHash !== device.secretHash) return false;
    return timingSafeEqual(entry.digest, digest(device.id, password));
  }

  remember(device: Device, password: Buffer): void {
    this.entries.set(device.id, { secretHash: device.secretHash, digest: digest(device.id, password) });
  }
}

function digest(id: string, password: Buffer): Buffer {
  return createHash("sha256").update(id).update("\0").update(password).digest();
}
