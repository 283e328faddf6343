// The embedded aedes broker as the gateway's DeviceLink: devices' readings and status reach the
// gateway through in-process subscriptions (no MQTT client of our own: ~32k msg/s at QoS 1), and
// acks and configs go out with broker.publish.
import { Aedes } from "aedes";
import { topicFor } from "../../shared/protocol/topics.js";
import type { Logger } from "../log.js";
import { METRIC, type Metrics } from "../metrics.js";
import type { Device } from "../store/records.js";
import { createBrokerAuth } from "./auth.js";
import type { DeviceLink } from "./device-link.js";
import type { HomeAssistantLogin } from "./home-assistant-access.js";

export interface EmbeddedBrokerDeps {
  prefix: string;
  findDevice(id: string): Device | undefined;
  /** Home Assistant's read-only login, when discovery is to be read from this broker */
  homeAssistant?: HomeAssistantLogin;
  metrics: Metrics;
  log: Logger;
}

export interface EmbeddedBroker extends DeviceLink {
  aedes: Aedes;
}

type Handler = (topic: string, payload: Uint8Array, clientId?: string) => void;

export async function createEmbeddedBroker(deps: EmbeddedBrokerDeps): Promise<EmbeddedBroker> {
  const auth = createBrokerAuth(deps);
  const aedes = await Aedes.createBroker({ ...auth });
  const handlers: Handler[] = [];
  const deliver = (packet: { topic: string; payload: Buffer | string }, done: () => void) => {
    const payload = typeof packet.payload === "string" ? Buffer.from(packet.payload) : packet.payload;
    for (const handler of handlers) handler(packet.topic, payload);
    done();
  };
  for (const channel of ["readings", "status"] as const) {
    await new Promise<void>((resolve) =>
      aedes.subscribe(topicFor(deps.prefix, "+", channel), deliver, resolve),
    );
  }
  watchConnections(aedes, deps);
  return {
    aedes,
    onMessage: (handler) => handlers.push(handler),
    publish: (topic, payload, options) =>
      new Promise<void>((resolve, reject) =>
        aedes.publish(
          { cmd: "publish", topic, payload, qos: options.qos, retain: options.retain, dup: false },
          (err) => (err ? reject(err) : resolve()),
        ),
      ),
    close: () => new Promise<void>((resolve) => aedes.close(() => resolve())),
  };
}

function watchConnections(aedes: Aedes, deps: EmbeddedBrokerDeps): void {
  const update = () => deps.metrics.set(METRIC.connected[0], METRIC.connected[1], aedes.connectedClients);
  update();
  aedes.on("clientReady", update);
  aedes.on("clientDisconnect", update);
  aedes.on("clientError", (client, err) => deps.log.debug(`client ${client.id} error: ${err.message}`));
  aedes.on("connectionError", (client, err) =>
    deps.log.debug(`connection ${client.id} error: ${err.message}`),
  );
}
