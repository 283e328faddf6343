// The embedded broker's retained messages, found by topic. aedes' in-memory persistence answers every
// SUBSCRIBE by testing the filter against each retained message (retainedMessagesByPattern): with a
// retained status and config per device, a reconnect storm of N devices made N x 4N tests, half the
// gateway's time at 10,000 devices (issue 17). A device subscribes to exact topics (its ack and
// config), so here such a filter is one map lookup; only a filter with a wildcard (Home Assistant's
// `<prefix>/+/status`, `<discovery prefix>/#`, once per connection) still walks them all.
import { Readable } from "node:stream";

interface RetainedPacket {
  topic: string;
  payload: Buffer | string;
}

/** The part of an aedes persistence that keeps retained messages. */
export interface RetainedStore {
  storeRetained(packet: RetainedPacket): Promise<void>;
  createRetainedStream(filter: string): Readable;
  createRetainedStreamCombi(filters: string[]): Readable;
}

/** Takes over `persistence`'s retained messages; the rest of it (sessions, queues, wills) stays. */
export function keepRetainedByTopic(persistence: RetainedStore): void {
  const retained = new Map<string, RetainedPacket>();
  persistence.storeRetained = async (packet) => {
    // [MQTT-3.3.1-10]: an empty retained message removes the topic's
    if (packet.payload.length === 0) retained.delete(packet.topic);
    else retained.set(packet.topic, { ...packet });
  };
  persistence.createRetainedStream = (filter) => Readable.from(matching(retained, filter));
  persistence.createRetainedStreamCombi = (filters) =>
    Readable.from(filters.flatMap((filter) => [...matching(retained, filter)]));
}

function* matching(retained: Map<string, RetainedPacket>, filter: string): Generator<RetainedPacket> {
  if (!filter.includes("+") && !filter.includes("#")) {
    const packet = retained.get(filter);
    if (packet) yield packet;
    return;
  }
  for (const packet of retained.values()) if (matchesFilter(filter, packet.topic)) yield packet;
}

/**
 * MQTT topic filter matching: `+` is one level, a final `#` the parent and every level below it
 * [MQTT-4.7.1-2], and a filter starting with a wildcard never matches a `$` topic [MQTT-4.7.2-1].
 */
export function matchesFilter(filter: string, topic: string): boolean {
  if ((filter.startsWith("+") || filter.startsWith("#")) && topic.startsWith("$")) return false;
  const want = filter.split("/");
  const got = topic.split("/");
  for (let i = 0; i < want.length; i++) {
    const level = want[i];
    if (level === "#") return true;
    if (i >= got.length) return false;
    if (level !== "+" && level !== got[i]) return false;
  }
  return want.length === got.length;
}
