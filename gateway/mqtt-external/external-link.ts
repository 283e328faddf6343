// The gateway's DeviceLink over an external MQTT broker (Mosquitto, EMQX, HiveMQ) instead of the
// embedded aedes: the gateway is an MQTT 5 client that subscribes to the devices' readings and status
// and publishes acks and configs back through the same broker. Device credentials and topic ACLs are
// the broker's job then (docs/scaling.md lists the broker settings MilkGuard needs).
import { hostname } from "node:os";
import mqtt, { type IClientOptions, type MqttClient } from "mqtt";
import { topicFor } from "../../shared/protocol/topics.js";
import type { DeviceLink } from "../broker/device-link.js";
import type { Logger } from "../log.js";

export interface ExternalBrokerOptions {
  /** mqtt://, mqtts://, ws:// or wss:// */
  url: string;
  /** topic prefix, as for the embedded broker */
  prefix: string;
  /** fixed per gateway, so the broker keeps its session (and queued QoS 1 readings) across restarts */
  clientId?: string;
  username?: string;
  password?: string;
  /** PEM text; for mqtts:// and wss:// */
  tls?: { ca?: string; cert?: string; key?: string; rejectUnauthorized?: boolean };
  /**
   * MQTT 5 shared subscription group: gateways with the same group split the devices' messages
   * (`$share/<group>/<prefix>/+/readings`). Only safe with a broker strategy that sends one device's
   * messages to one gateway (docs/scaling.md).
   */
  shareGroup?: string;
  /** how long the broker keeps the session while the gateway is away, seconds */
  sessionExpiryS?: number;
  log: Logger;
}

export interface ExternalLink extends DeviceLink {
  readonly client: MqttClient;
}

type Handler = (topic: string, payload: Uint8Array, clientId?: string) => void;

const DEFAULT_SESSION_EXPIRY_S = 3600;

export function deviceSubscriptions(prefix: string, shareGroup?: string): string[] {
  const share = shareGroup ? `$share/${shareGroup}/` : "";
  return (["readings", "status"] as const).map((channel) => `${share}${topicFor(prefix, "+", channel)}`);
}

export function clientOptions(options: ExternalBrokerOptions): IClientOptions {
  const { tls } = options;
  return {
    protocolVersion: 5,
    clientId: options.clientId ?? `milkguard-gateway-${hostname()}`,
    clean: false,
    properties: { sessionExpiryInterval: options.sessionExpiryS ?? DEFAULT_SESSION_EXPIRY_S },
    reconnectPeriod: 1000,
    connectTimeout: 10_000,
    ...(options.username !== undefined ? { username: options.username } : {}),
    ...(options.password !== undefined ? { password: options.password } : {}),
    ...(tls?.ca !== undefined ? { ca: tls.ca } : {}),
    ...(tls?.cert !== undefined ? { cert: tls.cert } : {}),
    ...(tls?.key !== undefined ? { key: tls.key } : {}),
    ...(tls?.rejectUnauthorized !== undefined ? { rejectUnauthorized: tls.rejectUnauthorized } : {}),
  };
}

/**
 * Connects (rejecting on refused credentials or an unreachable broker) and subscribes at QoS 1.
 * Messages the broker kept for this session can arrive with the CONNACK, before anyone has called
 * onMessage: they wait in `early` instead of being acknowledged to the broker and dropped.
 */
export async function connectExternalBroker(options: ExternalBrokerOptions): Promise<ExternalLink> {
  const log = options.log;
  const client = mqtt.connect(options.url, clientOptions(options));
  const handlers: Handler[] = [];
  let early: [string, Uint8Array][] | undefined = [];
  const deliver = (handler: Handler, topic: string, payload: Uint8Array) => {
    try {
      handler(topic, payload);
    } catch (err) {
      // A handler that throws must not take the MQTT client (and every other device) down with it.
      log.error(`handling ${topic} failed`, err);
    }
  };
  client.on("message", (topic, payload) => {
    if (early) early.push([topic, payload]);
    for (const handler of handlers) deliver(handler, topic, payload);
  });
  await firstConnect(client);
  // After the first connection mqtt.js reconnects by itself; errors are logged, never thrown.
  client.on("error", (err) => log.error("external broker error", err));
  client.on("offline", () => log.warn("external broker offline, reconnecting", { url: options.url }));
  await subscribe(client, deviceSubscriptions(options.prefix, options.shareGroup));
  log.info("connected to external broker", { url: options.url, shareGroup: options.shareGroup ?? null });
  return {
    client,
    onMessage: (handler) => {
      handlers.push(handler);
      for (const [topic, payload] of early ?? []) deliver(handler, topic, payload);
      early = undefined;
    },
    publish: async (topic, payload, { qos, retain }) => {
      await client.publishAsync(topic, payload, { qos, retain });
    },
    close: () => client.endAsync(),
  };
}

function firstConnect(client: MqttClient): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (err: Error) => {
      client.off("connect", ok);
      client.off("error", fail);
      client.off("close", closed);
      client.end(true);
      reject(err);
    };
    const closed = () => fail(new Error("could not connect to the external broker"));
    const ok = () => {
      client.off("error", fail);
      client.off("close", closed);
      resolve();
    };
    client.once("connect", ok);
    client.once("error", fail);
    client.once("close", closed);
  });
}

async function subscribe(client: MqttClient, topics: string[]): Promise<void> {
  const granted = await client.subscribeAsync(topics, { qos: 1 });
  // MQTT 5 grants carry a reason code >= 0x80 when the broker refuses (e.g. an ACL denies it).
  const refused = granted.filter((g) => g.qos >= 0x80);
  if (refused.length > 0) {
    await client.endAsync(true);
    throw new Error(`external broker refused subscriptions: ${refused.map((g) => g.topic).join(", ")}`);
  }
}
