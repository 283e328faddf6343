// The packet-size limit of the embedded broker, enforced on each client's byte stream before aedes
// reads it: aedes has no size option and buffers a whole packet (up to 256 MB) before login, so 8
// CONNECTs announcing 250 MB took the gateway from 135 to 2,116 MiB. Each TCP socket and WebSocket
// is wrapped; a packet whose header announces more than the limit closes the connection at once,
// counted by reason and transport, and logged at a bounded rate (ingest/rejection-log.ts).
import { Duplex } from "node:stream";
import { RejectionLog } from "../ingest/rejection-log.js";
import type { Logger } from "../log.js";
import type { Metrics } from "../metrics.js";
import { PacketBoundaries } from "./packet-boundaries.js";

/**
 * 64 KiB: four times the largest payload the gateway accepts (MAX_PAYLOAD_BYTES, 16 KiB); a full
 * batch of 100 readings is about 4 KiB, 9.3 KiB with every field at its widest. Far below what could
 * hurt a gateway with thousands of connections.
 */
export const DEFAULT_MAX_PACKET_BYTES = 65536;

export const CONNECTIONS_CLOSED = [
  "milkguard_mqtt_connections_closed_total",
  "MQTT connections closed before the broker read a packet, by reason and transport",
] as const;

export type Transport = "tcp" | "websocket";

export interface PacketLimit {
  readonly maxPacketBytes: number;
  /** `stream` as aedes should read it: closed at the first packet over the limit */
  wrap(stream: Duplex, transport: Transport): Duplex;
  /** counts and logs a connection closed for a packet over the limit found elsewhere (a WebSocket frame) */
  refused(transport: Transport, announcedBytes?: number): void;
}

export function packetLimit(o: { maxPacketBytes: number; metrics?: Metrics; log?: Logger }): PacketLimit {
  const rejections = o.log ? new RejectionLog(o.log) : undefined;
  const refused = (transport: Transport, announcedBytes?: number) => {
    o.metrics?.inc(CONNECTIONS_CLOSED[0], CONNECTIONS_CLOSED[1], { reason: "packet_too_large", transport });
    rejections?.note("packet_too_large", {
      transport,
      announcedBytes: announcedBytes ?? null,
      maxPacketBytes: o.maxPacketBytes,
    });
  };
  return {
    maxPacketBytes: o.maxPacketBytes,
    refused,
    wrap: (stream, transport) =>
      new LimitedStream(stream, new PacketBoundaries(o.maxPacketBytes), (announced) =>
        refused(transport, announced),
      ),
  };
}

/** Passes bytes both ways unchanged; reading stops, and both ends close, at a packet over the limit. */
class LimitedStream extends Duplex {
  constructor(
    private readonly inner: Duplex,
    boundaries: PacketBoundaries,
    onTooLarge: (announcedBytes: number) => void,
  ) {
    super();
    inner.on("data", (chunk: Buffer) => {
      const verdict = boundaries.scan(chunk);
      if (!verdict.ok) {
        onTooLarge(verdict.announcedBytes);
        this.destroy();
        return;
      }
      if (!this.push(chunk)) inner.pause();
    });
    inner.once("end", () => this.push(null));
    inner.once("error", (err) => this.destroy(err));
    inner.once("close", () => this.destroy());
  }

  override _read(): void {
    this.inner.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (err?: Error | null) => void): void {
    if (this.inner.write(chunk)) done();
    else this.inner.once("drain", () => done());
  }

  // aedes corks a client's stream while it writes a turn's packets (acks, publishes): they leave in
  // one write to the socket, not a system call each (that cost 11 % of the pipeline's CPU)
  override _writev(chunks: { chunk: Buffer }[], done: (err?: Error | null) => void): void {
    this._write(Buffer.concat(chunks.map((c) => c.chunk)), "binary", done);
  }

  override _final(done: (err?: Error | null) => void): void {
    this.inner.end();
    done();
  }

  override _destroy(err: Error | null, done: (err?: Error | null) => void): void {
    this.inner.destroy();
    done(err);
  }
}
