// Who may connect, publish and subscribe. aedes lets everyone in by default; here a device logs in
// with its id as user name and as client id and its own password, publishes only its readings and
// status, and subscribes only to its own ack and config. Home Assistant, when it has a login, only
// reads (home-assistant-access.ts). Every refusal is counted; the log takes the first few a minute
// of each kind and then a summary, so a client retrying a bad login cannot fill the disk. A device's
// CONNECT over the admission rate (admission.ts) is refused first, before its password costs anything.
import type { AedesOptions, Client } from "aedes";
import { MAX_PAYLOAD_BYTES } from "../../shared/protocol/limits.js";
import { topicFor } from "../../shared/protocol/topics.js";
import { hashDeviceSecret, isOutdatedDeviceHash, verifyDeviceSecret } from "../devices/secret.js";
import { RejectionLog } from "../ingest/rejection-log.js";
import type { Logger } from "../log.js";
import { METRIC, type Metrics } from "../metrics.js";
import type { Device } from "../store/records.js";
import { type Admission, SERVER_UNAVAILABLE } from "./admission.js";
import { type HomeAssistantLogin, homeAssistantAccess } from "./home-assistant-access.js";

export interface BrokerAuthDeps {
  prefix: string;
  findDevice(id: string): Device | undefined;
  /** saves a device's password hash anew (an outdated kind, replaced at a good login) */
  saveSecretHash(deviceId: string, secretHash: string): void;
  /** Home Assistant's login on this broker; none when it is not to read discovery here */
  homeAssistant?: HomeAssistantLogin;
  /** new device sessions at a bounded rate; none: every CONNECT is let through to its login */
  admission?: Admission;
  metrics: Metrics;
  log: Logger;
}

type AuthHandlers = Required<Pick<AedesOptions, "authenticate" | "authorizePublish" | "authorizeSubscribe">>;

/** who a connected client logged in as */
type Login = { device: string } | { homeAssistant: true };

const BAD_CREDENTIALS = 4;

export function createBrokerAuth(deps: BrokerAuthDeps): AuthHandlers {
  const logins = new WeakMap<Client, Login>();
  const homeAssistant = deps.homeAssistant ? homeAssistantAccess(deps.homeAssistant) : undefined;
  const isDeviceId = (id: string) => deps.findDevice(id) !== undefined;
  const rejections = new RejectionLog(deps.log);
  const refuse = (reason: string, detail: Record<string, unknown>) => {
    deps.metrics.inc(METRIC.authFailures[0], METRIC.authFailures[1], { reason });
    rejections.note(reason, detail);
  };
  const who = (login: Login | undefined) =>
    login === undefined ? null : "device" in login ? login.device : "home assistant";

  return {
    authenticate(client, username, password, done) {
      const asHomeAssistant = homeAssistant !== undefined && username === homeAssistant.username;
      // Home Assistant is one client: shutting it out of a storm would only blank its dashboard
      if (!asHomeAssistant && deps.admission?.admit() === false) {
        done(Object.assign(new Error("server unavailable"), { returnCode: SERVER_UNAVAILABLE }), false);
        return;
      }
      const problem = asHomeAssistant
        ? Promise.resolve(homeAssistant.loginProblem(client.id, password, isDeviceId))
        : deviceLoginProblem(client.id, username, password, deps);
      void problem.then((reason) => {
        if (reason !== null) {
          refuse(reason, { device: username ?? null, clientId: client.id });
          done(Object.assign(new Error("bad user name or password"), { returnCode: BAD_CREDENTIALS }), false);
          return;
        }
        logins.set(client, asHomeAssistant ? { homeAssistant: true } : { device: username as string });
        done(null, true);
      });
    },
    authorizePublish(client, packet, callback) {
      if (client === null) return callback(null); // the gateway itself
      const login = logins.get(client);
      const allowed =
        login !== undefined &&
        ("device" in login
          ? packet.topic === topicFor(deps.prefix, login.device, "readings") ||
            packet.topic === topicFor(deps.prefix, login.device, "status")
          : homeAssistant?.mayPublish(packet.topic) === true);
      if (!allowed) {
        refuse("foreign_topic_publish", { device: who(login), topic: packet.topic });
        return callback(new Error("not your topic"));
      }
      if (packet.payload.length > MAX_PAYLOAD_BYTES) {
        refuse("payload_too_large", { device: who(login), bytes: packet.payload.length });
        return callback(new Error("payload too large"));
      }
      callback(null);
    },
    authorizeSubscribe(client, sub, callback) {
      const login = logins.get(client);
      const allowed =
        login !== undefined &&
        ("device" in login
          ? sub.topic === topicFor(deps.prefix, login.device, "ack") ||
            sub.topic === topicFor(deps.prefix, login.device, "config")
          : homeAssistant?.maySubscribe(sub.topic) === true);
      if (!allowed) {
        refuse("foreign_topic_subscribe", { device: who(login), topic: sub.topic });
        return callback(null, null);
      }
      callback(null, sub);
    },
  };
}

async function deviceLoginProblem(
  clientId: string,
  username: string | undefined,
  password: Buffer | undefined,
  deps: Pick<BrokerAuthDeps, "findDevice" | "saveSecretHash" | "log">,
): Promise<string | null> {
  if (password === undefined) return "no_password";
  const device = username === undefined ? undefined : deps.findDevice(username);
  if (device === undefined) return "unknown_device";
  const secret = password.toString("utf8");
  if (!(await verifyDeviceSecret(secret, device.secretHash))) return "wrong_password";
  // the broker drops an older connection with the same client id: another device's id would kick it
  if (clientId !== device.id) return "client_id_not_device_id";
  if (isOutdatedDeviceHash(device.secretHash)) {
    try {
      deps.saveSecretHash(device.id, hashDeviceSecret(secret));
    } catch (err) {
      deps.log.warn(`device ${device.id}: its password hash is replaced at its next login`, {
        error: String(err),
      });
    }
  }
  return null;
}
