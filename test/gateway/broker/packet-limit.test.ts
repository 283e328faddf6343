// The packet-size limit wraps every client's socket; what the broker writes in one corked turn must
// still leave in one write to the socket, as it would unwrapped.
import { connect, createServer, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { packetLimit } from "../../../gateway/broker/packet-limit.js";

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

describe("a client's wrapped socket", () => {
  it("sends a corked turn's packets in one socket write, bytes unchanged", async () => {
    const { server, client } = await socketPair();
    const writes: Buffer[] = [];
    const write = server.write.bind(server);
    server.write = ((chunk: Buffer, ...rest: never[]) => {
      writes.push(chunk);
      return write(chunk, ...rest);
    }) as typeof server.write;
    const wrapped = packetLimit({ maxPacketBytes: 65536 }).wrap(server, "tcp");
    const packets = Array.from({ length: 20 }, (_, i) => Buffer.from([0x40, 0x02, 0x00, i + 1])); // PUBACKs
    const received: Buffer[] = [];
    client.on("data", (chunk: Buffer) => received.push(chunk));
    wrapped.cork();
    for (const p of packets) wrapped.write(p);
    process.nextTick(() => wrapped.uncork());
    await expect.poll(() => Buffer.concat(received).length).toBe(80);
    expect(Buffer.concat(received)).toEqual(Buffer.concat(packets));
    expect(writes).toHaveLength(1);
  });
});
