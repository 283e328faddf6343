// The MQTT port's listening socket with copies of its handle: each turn of the event loop accepts up to
// one connection per handle, where one handle alone takes one a turn (libuv), and a gateway whose
// helper process cannot start keeps its one handle, says so, and still takes every connection.
import { connect, createServer, type Server, type Socket } from "node:net";
import { afterEach, expect, it } from "vitest";
import { copyListeningHandle } from "../../../gateway/broker/accept-handles.js";
import { createLogger } from "../../../gateway/log.js";

const CLIENTS = 24;
let cleanUp: () => void = () => {};
afterEach(() => cleanUp());

/**
 * Opens CLIENTS connections while the event loop is held (the kernel queues them all), then lets the
 * loop run: how many were accepted in each turn.
 */
async function acceptedPerTurn(servers: Server[], port: number): Promise<number[]> {
  const accepted: Socket[] = [];
  const clients: Socket[] = [];
  cleanUp = () => {
    for (const socket of [...accepted, ...clients]) socket.destroy();
    for (const server of servers) server.close();
  };
  let thisTurn = 0;
  for (const server of servers) {
    server.on("connection", (socket: Socket) => {
      accepted.push(socket);
      thisTurn++;
    });
  }
  for (let i = 0; i < CLIENTS; i++) clients.push(connect(port, "127.0.0.1"));
  const until = performance.now() + 200;
  while (performance.now() < until); // the loop held: every handshake completes in the kernel's queue
  const turns: number[] = [];
  await new Promise<void>((resolve) => {
    const turn = () => {
      turns.push(thisTurn);
      thisTurn = 0;
      if (accepted.length >= CLIENTS || turns.length > 10 * CLIENTS) resolve();
      else setImmediate(turn);
    };
    setImmediate(turn);
  });
  expect(accepted).toHaveLength(CLIENTS);
  return turns;
}

async function listening(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, port: (server.address() as { port: number }).port };
}

it("accepts up to one connection per handle a turn, from the one port", async () => {
  const { server, port } = await listening();
  const copies = await copyListeningHandle(server, 3, createLogger("silent"));
  expect(copies).toHaveLength(3);
  const servers = [server, ...copies.map((handle) => createServer().listen(handle))];

  const turns = await acceptedPerTurn(servers, port);
  expect(Math.max(...turns)).toBe(4);
});

it("keeps its one handle, and says why, when the helper process cannot start", async () => {
  const { server, port } = await listening();
  const lines: string[] = [];
  const log = createLogger("info", "broker", (line) => lines.push(line));
  const copies = await copyListeningHandle(server, 3, log, "/nonexistent/node");
  expect(copies).toEqual([]);
  expect(lines.join("\n")).toMatch(/warn .*accepts one connection a turn .*ENOENT/);

  const turns = await acceptedPerTurn([server], port);
  expect(Math.max(...turns)).toBe(1);
});
