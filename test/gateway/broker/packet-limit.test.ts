// The packet-size limit guards every client's socket: what the broker writes goes to the socket
// itself (a corked turn leaves in one write), and what it reads stops at a packet over the limit.
import { connect, createServer, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { CONNECTIONS_CLOSED, packetLimit } from "../../../gateway/broker/packet-limit.js";
import { Metrics } from "../../../gateway/metrics.js";

let close: () => void = () => {};
afterEach(() => close());

async function socketPair(): Promise<{ server: Socket; client: Socket }> {
  const listener = createServer();
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  const port = (listener.address() as { port: number }).port;
  const accepted = new Promise<Socket>((resolve) => listener.once("connection", resolve));
  const client = connect(port, "127.0.0.1");
  const server = await accepted;
  close = () => {
    client.destroy();
    server.destroy();
    listener.close();
  };
  return { server, client };
}

describe("a client's guarded socket", () => {
  it("sends a corked turn's packets in one socket write, bytes unchanged", async () => {
    const { server, client } = await socketPair();
    const guarded = packetLimit({ maxPacketBytes: 65536 }).guard(server, "tcp");
    const writes: unknown[] = [];
    const handle = (
      server as unknown as {
        _handle: { writev: (...a: unknown[]) => unknown; writeBuffer: (...a: unknown[]) => unknown };
      }
    )._handle;
    for (const name of ["writev", "writeBuffer"] as const) {
      const original = handle[name].bind(handle);
      handle[name] = (...args: unknown[]) => {
        writes.push(name);
        return original(...args);
      };
    }
    const packets = Array.from({ length: 20 }, (_, i) => Buffer.from([0x40, 0x02, 0x00, i + 1])); // PUBACKs
    const received: Buffer[] = [];
    client.on("data", (chunk: Buffer) => received.push(chunk));
    guarded.cork();
    for (const p of packets) guarded.write(p);
    process.nextTick(() => guarded.uncork());
    await expect.poll(() => Buffer.concat(received).length).toBe(80);
    expect(Buffer.concat(received)).toEqual(Buffer.concat(packets));
    expect(writes).toHaveLength(1);
  });

  it("hands a reader the packets under the limit and closes the socket at the first one over it", async () => {
    const { server, client } = await socketPair();
    const metrics = new Metrics();
    const guarded = packetLimit({ maxPacketBytes: 100, metrics }).guard(server, "tcp");
    const ping = Buffer.from([0xc0, 0x00]);
    const tooLarge = Buffer.from([0x30, 0xc8, 0x01]); // a PUBLISH announcing 200 bytes
    client.write(Buffer.concat([ping, ping]));
    await new Promise((resolve) => guarded.once("readable", resolve));
    expect(guarded.read()).toEqual(Buffer.concat([ping, ping]));
    client.write(tooLarge);
    await new Promise((resolve) => guarded.once("readable", resolve));
    expect(guarded.read()).toBeNull();
    await expect.poll(() => guarded.destroyed).toBe(true);
    const closed = { reason: "packet_too_large", transport: "tcp" };
    expect(metrics.value(CONNECTIONS_CLOSED[0], closed)).toBe(1);
  });
});
