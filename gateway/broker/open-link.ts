// The gateway's way to its devices: the embedded aedes broker with its TCP and WebSocket listeners
// (the default), or a connection to an external broker (Mosquitto, EMQX, HiveMQ) that does the
// devices' authentication itself.
import type { Server as HttpServer } from "node:http";
import type { GatewayConfig } from "../config/schema.js";
import type { HomeAssistantConfig } from "../homeassistant/config.js";
import type { Logger } from "../log.js";
import type { Metrics } from "../metrics.js";
import { externalBrokerOptions } from "../mqtt-external/config.js";
import { connectExternalBroker } from "../mqtt-external/external-link.js";
import type { Device } from "../store/records.js";
import type { DeviceLink } from "./device-link.js";
import { createEmbeddedBroker } from "./embedded-broker.js";
import { attachMqttWebSocket, listenMqttTcp } from "./listeners.js";
import { packetLimit } from "./packet-limit.js";

export interface OpenLink {
  link: DeviceLink;
  /** the embedded broker's TCP port; 0 with an external broker */
  mqttPort: number;
  health(): { ok: boolean; connected?: number };
  /** stops listening, then closes the link */
  close(): Promise<void>;
}

export interface LinkDeps {
  mqtt: GatewayConfig["mqtt"];
  homeAssistant: HomeAssistantConfig;
  http: HttpServer;
  findDevice(id: string): Device | undefined;
  saveSecretHash(deviceId: string, secretHash: string): void;
  metrics: Metrics;
  log: Logger;
}

export async function openDeviceLink(deps: LinkDeps): Promise<OpenLink> {
  const { mqtt, log } = deps;
  if (mqtt.external) {
    const link = await connectExternalBroker(
      externalBrokerOptions(mqtt.external, mqtt.prefix, log.child("external")),
    );
    return { link, mqttPort: 0, health: () => ({ ok: link.client.connected }), close: () => link.close() };
  }
  const ha = deps.homeAssistant;
  const broker = await createEmbeddedBroker({
    prefix: mqtt.prefix,
    findDevice: deps.findDevice,
    saveSecretHash: deps.saveSecretHash,
    ...(ha.enabled && ha.password !== undefined
      ? {
          homeAssistant: {
            username: ha.username,
            password: ha.password,
            discoveryPrefix: ha.discoveryPrefix,
            prefix: mqtt.prefix,
          },
        }
      : {}),
    newSessionsPerSecond: mqtt.newSessionsPerSecond,
    metrics: deps.metrics,
    log: log.child("broker"),
  });
  const limit = packetLimit({
    maxPacketBytes: mqtt.maxPacketBytes,
    metrics: deps.metrics,
    log: log.child("broker"),
  });
  const ws = attachMqttWebSocket(broker.aedes, deps.http, mqtt.websocketPath, limit);
  const tcp = await listenMqttTcp(broker.aedes, mqtt.port, mqtt.host, limit, log.child("broker"));
  return {
    link: broker,
    mqttPort: tcp.port,
    health: () => ({ ok: !broker.aedes.closed, connected: broker.aedes.connectedClients }),
    close: async () => {
      await tcp.close();
      await ws.close();
      await broker.close();
    },
  };
}
