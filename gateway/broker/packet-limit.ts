// The packet-size limit of the embedded broker, enforced on each client's byte stream before aedes
// reads it: aedes has no size option and buffers a whole packet (up to 256 MB) before login, so 8
// CONNECTs announcing 250 MB took the gateway from 135 to 2,116 MiB. What aedes reads of each TCP
// socket and WebSocket is checked; a packet whose header announces more than the limit closes the
// connection at once, counted by reason and transport, and logged at a bounded rate
// (ingest/rejection-log.ts).
import type { Duplex } from "node:stream";
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
  /** `stream` itself, from now on closed at the first packet over the limit it hands to a reader */
  guard(stream: Duplex, transport: Transport): Duplex;
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
  const boundaries = new WeakMap<Duplex, PacketBoundaries>();
  const reads: Record<Transport, Duplex["read"]> = {
    tcp: guardedRead(boundaries, (announced) => refused("tcp", announced)),
    websocket: guardedRead(boundaries, (announced) => refused("websocket", announced)),
  };
  return {
    maxPacketBytes: o.maxPacketBytes,
    refused,
    guard(stream, transport) {
      boundaries.set(stream, new PacketBoundaries(o.maxPacketBytes));
      stream.read = reads[transport];
      return stream;
    },
  };
}

/**
 * aedes pulls a client's bytes with `stream.read()` (its 'readable' handler); each chunk is scanned as
 * it is handed over, and at a packet over the limit the stream is closed and nothing more handed on.
 * Writes go to the stream itself: a wrapping Duplex doubled every ack's and publish's way through
 * the stream machinery, and cost each of 10,000 idle connections a second pair of stream buffers.
 * One `read` serves every stream of a transport, its state kept beside it: a closure and a bound
 * `read` of each stream's own cost 10,000 idle connections 3 MiB.
 */
function guardedRead(
  boundaries: WeakMap<Duplex, PacketBoundaries>,
  onTooLarge: (announced: number) => void,
): Duplex["read"] {
  return function read(this: Duplex, size?: number) {
    // the stream's class's own read, which this one stands in front of
    const chunk: unknown = Object.getPrototypeOf(this).read.call(this, size);
    if (!(chunk instanceof Uint8Array)) return chunk;
    // guard() keeps it before the stream is handed to aedes
    const verdict = (boundaries.get(this) as PacketBoundaries).scan(chunk);
    if (verdict.ok) return chunk;
    onTooLarge(verdict.announcedBytes);
    this.destroy();
    return null;
  };
}
