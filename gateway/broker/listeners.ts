// MQTT over TCP (devices) and over WebSocket (browsers, tools), both handed to the same aedes broker.
import type { Server as HttpServer, IncomingMessage } from "node:http";
import { createServer, type Server, type Socket } from "node:net";
import type { Duplex } from "node:stream";
import type { Aedes } from "aedes";
import { createWebSocketStream, WebSocketServer } from "ws";

export interface Listener {
  port: number;
  close(): Promise<void>;
}

export async function listenMqttTcp(aedes: Aedes, port: number, host: string): Promise<Listener> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    // Acks and configs are small: without this, Nagle holds one back behind the last for ~40 ms.
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    aedes.handle(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
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
): { close(): Promise<void> } {
  const wss = new WebSocketServer({ noServer: true });
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (new URL(req.url ?? "/", "http://x").pathname !== path) return;
    wss.handleUpgrade(req, socket, head, (ws) => {
      aedes.handle(createWebSocketStream(ws), req);
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
