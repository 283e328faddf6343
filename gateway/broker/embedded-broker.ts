// The embedded aedes broker as the gateway's DeviceLink: devices' readings and status reach the
// gateway through in-process subscriptions (no MQTT client of our own: ~32k msg/s at QoS 1), and
// acks and configs go out with broker.publish. Sized for a reconnect storm of thousands of devices
// (issue 17): retained messages found by topic (retained-by-topic.ts), new sessions admitted at a
// bounded rate (admission.ts), and no queue in aedes' emitter (below).
import { Aedes } from "aedes";
import { topicFor } from "../../shared/protocol/topics.js";
import type { Logger } from "../log.js";
import { METRIC, type Metrics } from "../metrics.js";
import type { Device } from "../store/records.js";
import { sessionAdmission } from "./admission.js";
import { createBrokerAuth } from "./auth.js";
import type { DeviceLink } from "./device-link.js";
import type { HomeAssistantLogin } from "./home-assistant-access.js";
import { keepRetainedByTopic, type RetainedStore } from "./retained-by-topic.js";

export interface EmbeddedBrokerDeps {
  prefix: string;
  findDevice(id: string): Device | undefined;
  /** saves a device's password hash anew (auth.ts replaces an outdated kind at a good login) */
  saveSecretHash(deviceId: string, secretHash: string): void;
  /** Home Assistant's read-only login, when discovery is to be read from this broker */
  homeAssistant?: HomeAssistantLogin;
  /** new device sessions admitted a second (config mqtt.newSessionsPerSecond); none: no limit */
  newSessionsPerSecond?: number;
  metrics: Metrics;
  log: Logger;
}

export interface EmbeddedBroker extends DeviceLink {
  aedes: Aedes;
}

type Handler = (topic: string, payload: Uint8Array, clientId?: string) => void;

export async function createEmbeddedBroker(deps: EmbeddedBrokerDeps): Promise<EmbeddedBroker> {
  const perSecond = deps.newSessionsPerSecond;
  const auth = createBrokerAuth({
    ...deps,
    ...(perSecond === undefined ? {} : { admission: sessionAdmission({ perSecond, metrics: deps.metrics }) }),
  });
  // concurrency 0: aedes' emitter (mqemitter) never queues. With a limit (aedes' default 100), a storm
  // queued thousands of messages behind slow deliveries, and each freed slot ran the next at once in
  // the same call stack; a run of handlers that finish synchronously (aedes' own closeSameClients for
  // every new client, our deliver) overflowed the stack and killed the gateway at 6,000 devices
  // connecting together. Unbounded here is still bounded: aedes reads a client's next packets only
  // once the last ones are handled, and admission bounds how fast clients come.
  const aedes = await Aedes.createBroker({ ...auth, concurrency: 0 });
  // aedes sets its persistence as it starts, before any client can publish; the type does not show it
  keepRetainedByTopic((aedes as unknown as { persistence: RetainedStore }).persistence);
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
