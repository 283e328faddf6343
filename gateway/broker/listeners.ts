// MQTT over TCP (devices) and over WebSocket (browsers, tools), both handed to the same aedes broker
// through the packet-size limit (packet-limit.ts).
import type { Server as HttpServer, IncomingMessage } from "node:http";
import { createServer, type Server, type Socket } from "node:net";
import type { Duplex } from "node:stream";
import type { Aedes } from "aedes";
import { createWebSocketStream, WebSocketServer } from "ws";
import { DEFAULT_MAX_PACKET_BYTES, type PacketLimit, packetLimit } from "./packet-limit.js";

export interface Listener {
  port: number;
  close(): Promise<void>;
}

/**
 * Connections the kernel holds for the broker before it accepts them (Linux caps it at
 * net.core.somaxconn, 4,096 by default since 5.4). Node's default, 511, dropped most of a storm's
 * connection requests, and each dropped one came back only after TCP's own retry (1 s, 3 s, 7 s…),
 * often past the device's wait for its CONNACK: then it connected again, and the work was done twice.
 */
const ACCEPT_BACKLOG = 4096;

const defaultLimit = () => packetLimit({ maxPacketBytes: DEFAULT_MAX_PACKET_BYTES });

export async function listenMqttTcp(
  aedes: Aedes,
  port: number,
  host: string,
  limit: PacketLimit = defaultLimit(),
): Promise<Listener> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    // Acks and configs are small: without this, Nagle holds one back behind the last for ~40 ms.
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    aedes.handle(limit.guard(socket, "tcp"));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port, host, backlog: ACCEPT_BACKLOG }, () => resolve());
  });
  return {
    port: (server.address() as { port: number }).port,
    close: () => closeServer(server, sockets),
  };
}

/** MQTT over WebSocket at `path` of the gateway's HTTP server (same port as the dashboard). */
export function attachMqttWebSocket(
  aedes: Aedes,
  http: HttpServer,
  path: string,
  limit: PacketLimit = defaultLimit(),
): { close(): Promise<void> } {
  // ws reads a frame's length before its body: a message over the limit is refused unread.
  const wss = new WebSocketServer({ noServer: true, maxPayload: limit.maxPacketBytes });
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (new URL(req.url ?? "/", "http://x").pathname !== path) return;
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on("error", (err: Error & { code?: string }) => {
        if (err.code === "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH") limit.refused("websocket");
      });
      aedes.handle(limit.guard(createWebSocketStream(ws), "websocket"), req);
    });
  };
  http.on("upgrade", onUpgrade);
  return {
    close: () =>
      new Promise<void>((resolve) => {
        http.off("upgrade", onUpgrade);
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
}

function closeServer(server: Server, sockets: Set<Socket>): Promise<void> {
  for (const socket of sockets) socket.destroy();
  return new Promise<void>((resolve) => server.close(() => resolve()));
}
