// Home Assistant's login on the embedded broker. It reads what its MQTT integration needs to show
// MilkGuard's units: the retained discovery messages under its discovery prefix, each unit's state
// topic and the devices' status (availability). It may not read a device's acks or config, nor
// publish anything but its own birth and last will on `<discovery prefix>/status`.
import { createHash, timingSafeEqual } from "node:crypto";

export interface HomeAssistantLogin {
  username: string;
  password: string;
  discoveryPrefix: string;
  /** device topic prefix, e.g. milkguard */
  prefix: string;
}

export interface HomeAssistantAccess {
  readonly username: string;
  /** why this login is refused, or null */
  loginProblem(
    clientId: string,
    password: Buffer | undefined,
    isDeviceId: (id: string) => boolean,
  ): string | null;
  mayPublish(topic: string): boolean;
  maySubscribe(filter: string): boolean;
}

export function homeAssistantAccess(login: HomeAssistantLogin): HomeAssistantAccess {
  const expected = sha256(Buffer.from(login.password, "utf8"));
  const statusTopic = `${login.discoveryPrefix}/status`;
  return {
    username: login.username,
    loginProblem(clientId, password, isDeviceId) {
      if (password === undefined) return "no_password";
      if (!timingSafeEqual(sha256(password), expected)) return "wrong_password";
      // the broker drops an older connection with the same client id: a device's must stay its own
      if (isDeviceId(clientId)) return "client_id_of_a_device";
      return null;
    },
    mayPublish: (topic) => topic === statusTopic,
    maySubscribe: (filter) =>
      filter.startsWith(`${login.discoveryPrefix}/`) || readsOnlyStateOrStatus(filter, login.prefix),
  };
}

/**
 * `<prefix>/units/<unit or +>/state` (homeassistant/discovery.ts unitStateTopic) or
 * `<prefix>/<device or +>/status`; never `#`, which would reach acks and configs.
 */
function readsOnlyStateOrStatus(filter: string, prefix: string): boolean {
  if (!filter.startsWith(`${prefix}/`) || filter.includes("#")) return false;
  const levels = filter.slice(prefix.length + 1).split("/");
  const [first, second, third] = levels;
  const oneLevel = (level: string | undefined) =>
    level === "+" || (level !== undefined && level !== "" && !level.includes("+"));
  if (levels.length === 3) return first === "units" && oneLevel(second) && third === "state";
  return levels.length === 2 && oneLevel(first) && second === "status";
}

function sha256(bytes: Buffer): Buffer {
  return createHash("sha256").update(bytes).digest();
}
