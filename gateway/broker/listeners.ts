// MQTT over TCP (devices) and over WebSocket (browsers, tools), both handed to the same aedes broker
// through the packet-size limit (packet-limit.ts).
import type { Server as HttpServer, IncomingMessage } from "node:http";
import { createServer, type Server, type Socket } from "node:net";
import type { Duplex } from "node:stream";
import type { Aedes } from "aedes";
import { createWebSocketStream, WebSocketServer } from "ws";
import { createLogger, type Logger } from "../log.js";
import { ACCEPT_HANDLES, copyListeningHandle } from "./accept-handles.js";
import { DEFAULT_MAX_PACKET_BYTES, type PacketLimit, packetLimit } from "./packet-limit.js";

export interface Listener {
  port: number;
  close(): Promise<void>;
}

/**
 * Connections the kernel holds for the broker before it accepts them. A device waits 10 s for its
 * CONNACK from the moment it connects, and in a reconnect storm the gateway accepted about 500 a
 * second (libuv takes one a turn of the event loop per handle, and there was one then): a queue of
 * 4,096 kept most of them waiting past that, and each was accepted only to find its device gone
 * (10,000 devices × 100 readings: 16,500-20,100 CONNACKs given up, drained in 68-82 s in five runs
 * of six). 1,024 is about two seconds of accepting; a device the kernel turns away meanwhile sends
 * its SYN again a second later (8,500-12,500 given up, 32-52 s in four runs; 512 and 2,048 did about
 * as well: docs/scaling.md).
 */
const ACCEPT_BACKLOG = 1024;

const defaultLimit = () => packetLimit({ maxPacketBytes: DEFAULT_MAX_PACKET_BYTES });

export async function listenMqttTcp(
  aedes: Aedes,
  port: number,
  host: string,
  limit: PacketLimit = defaultLimit(),
  log: Logger = createLogger("info", "broker"),
): Promise<Listener> {
  const sockets = new Set<Socket>();
  const onConnection = (socket: Socket) => {
    // Acks and configs are small: without this, Nagle holds one back behind the last for ~40 ms.
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    aedes.handle(limit.guard(socket, "tcp"));
  };
  const server: Server = createServer(onConnection);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port, host, backlog: ACCEPT_BACKLOG }, () => resolve());
  });
  // the same port's connections, more of them a turn (accept-handles.ts)
  const copies = await copyListeningHandle(server, ACCEPT_HANDLES - 1, log);
  const servers = [server, ...copies.map((handle) => createServer(onConnection).listen(handle))];
  return {
    port: (server.address() as { port: number }).port,
    close: () => closeServers(servers, sockets),
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

async function closeServers(servers: Server[], sockets: Set<Socket>): Promise<void> {
  for (const socket of sockets) socket.destroy();
  await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
}
