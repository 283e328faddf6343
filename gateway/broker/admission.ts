// Admission control for the embedded broker: new MQTT sessions at a bounded rate, so that a reconnect
// storm (every device after a power cut or a gateway restart) is taken in as fast as the gateway can
// drain it, and no faster. A CONNECT over the rate is refused before its password is checked, with
// CONNACK return code 3, "server unavailable" (MQTT 3.1.1, 3.2.2.3), which a device takes as "try
// again later" (its reconnect back-off); each refusal is counted. A token bucket: `perSecond` tokens
// a second, at most one second's worth saved up, so a small site's whole reconnect passes at once.
import type { Metrics } from "../metrics.js";

export const SESSIONS_REFUSED = [
  "milkguard_mqtt_sessions_refused_total",
  "MQTT CONNECTs refused with CONNACK 3 (server unavailable): new sessions came faster than mqtt.newSessionsPerSecond",
] as const;

/** See docs/scaling.md, "A reconnect storm", for how it was measured. */
export const DEFAULT_NEW_SESSIONS_PER_SECOND = 2000;

/** MQTT 3.1.1 CONNACK return code 3 */
export const SERVER_UNAVAILABLE = 3;

export interface Admission {
  /** true when a new session may start now; false is counted as a refusal */
  admit(): boolean;
}

export function sessionAdmission(o: {
  perSecond: number;
  metrics: Metrics;
  nowMs?: () => number;
}): Admission {
  const now = o.nowMs ?? (() => performance.now());
  let tokens = o.perSecond;
  let lastMs = now();
  return {
    admit() {
      const t = now();
      tokens = Math.min(o.perSecond, tokens + ((t - lastMs) / 1000) * o.perSecond);
      lastMs = t;
      if (tokens >= 1) {
        tokens -= 1;
        return true;
      }
      o.metrics.inc(SESSIONS_REFUSED[0], SESSIONS_REFUSED[1]);
      return false;
    },
  };
}
