// A readings message built reading by reading straight from the buffer, for the MQTT uplink and the
// BLE console alike: no list of readings is ever held next to the message.
import { encodeReadingsText, type ReadingsHead } from "../../shared/protocol/codec.js";
import { PROTOCOL_VERSION } from "../../shared/protocol/types.js";
import type { ReadingBuffer } from "./buffer.js";
import type { Clock } from "./clock.js";

/** What every board reports in a message's head: boot, uptime, clock when synced, readings dropped. */
export function readingsHead(buffer: ReadingBuffer, clock: Clock): ReadingsHead {
  const head: ReadingsHead = { v: PROTOCOL_VERSION, boot: buffer.meta.boot, up: clock.uptimeS() };
  const now = clock.nowS();
  if (now !== undefined) head.now = now;
  if (buffer.meta.drop > 0) head.drop = buffer.meta.drop;
  return head;
}

/**
 * Puts the message in pieces: the head opened where the readings go, the oldest `max` buffered
 * readings, the close. Returns the last sequence put, or -1 when the buffer had none.
 */
export function writeReadings(
  head: ReadingsHead,
  buffer: ReadingBuffer,
  max: number,
  put: (piece: string) => void,
): number {
  const empty = encodeReadingsText(head, []);
  put(empty.substring(0, empty.length - 2));
  let first = true;
  const last = buffer.each(max, (text: string) => {
    put(first ? text : `,${text}`);
    first = false;
  });
  put("]}");
  return last;
}
