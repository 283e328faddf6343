// Where each MQTT packet starts and how big it says it is, read from the byte stream as it arrives.
// aedes (through mqtt-packet) buffers a packet whole, up to MQTT's 256 MB, before anything looks at
// it, even before login; this reads only the fixed header ([MQTT-2.2.3]: a type byte, then the
// remaining length in 1 to 4 bytes of 7 bits) and skips the body, so a packet can be refused on
// its header alone. Pure: no I/O.

/** The most bytes the remaining length can take ([MQTT-2.2.3]). */
const MAX_LENGTH_BYTES = 4;

export type PacketVerdict = { ok: true } | { ok: false; announcedBytes: number };

export class PacketBoundaries {
  /** bytes of the current packet's body still to come */
  private bodyLeft = 0;
  /** bytes of the current fixed header seen so far; 0 when the next byte starts a packet */
  private headerBytes = 0;
  private remaining = 0;

  constructor(private readonly maxPacketBytes: number) {}

  /** Reads the next bytes of the stream; refuses the first packet whose header announces too much. */
  scan(chunk: Uint8Array): PacketVerdict {
    let i = 0;
    while (i < chunk.length) {
      if (this.bodyLeft > 0) {
        const skipped = Math.min(this.bodyLeft, chunk.length - i);
        this.bodyLeft -= skipped;
        i += skipped;
        continue;
      }
      const byte = chunk[i] as number;
      i += 1;
      if (this.headerBytes === 0) {
        this.headerBytes = 1;
        this.remaining = 0;
        continue;
      }
      // a shift, not a power of 128: the field stays a small integer, not a number boxed per connection
      this.remaining += (byte & 0x7f) << (7 * (this.headerBytes - 1));
      this.headerBytes += 1;
      const lengthBytes = this.headerBytes - 1;
      if (byte & 0x80) {
        // a fifth length byte is malformed; no packet that long fits anyway
        if (lengthBytes === MAX_LENGTH_BYTES) return { ok: false, announcedBytes: Number.POSITIVE_INFINITY };
        continue;
      }
      const packetBytes = this.headerBytes + this.remaining;
      if (packetBytes > this.maxPacketBytes) return { ok: false, announcedBytes: packetBytes };
      this.bodyLeft = this.remaining;
      this.headerBytes = 0;
    }
    return { ok: true };
  }
}
