// MQTT 3.1.1 packets as binary strings (Espruino sockets carry strings, not Buffers).
// Only what the device needs: CONNECT with will, PUBLISH QoS 0/1, PUBACK, SUBSCRIBE, PINGREQ.

// Enums, not constants objects: the build writes each value where it is used, and a board keeps
// every object and top-level name in RAM (firmware/README.md, "Memory").
export enum TYPE {
  CONNECT = 1,
  CONNACK = 2,
  PUBLISH = 3,
  PUBACK = 4,
  SUBSCRIBE = 8,
  SUBACK = 9,
  PINGREQ = 12,
  PINGRESP = 13,
  DISCONNECT = 14,
}

enum C {
  /** CONNECT flags: username, password, will retain, will QoS 1, will, clean session. [MQTT-3.1.2] */
  CONNECT_FLAGS = 0x80 | 0x40 | 0x20 | 0x08 | 0x04 | 0x02,
}

export function u16(n: number): string {
  return String.fromCharCode((n >> 8) & 0xff, n & 0xff);
}

function str(s: string): string {
  return u16(s.length) + s;
}

/** Variable-length "remaining length" [MQTT-2.2.3]. */
function remainingLength(n: number): string {
  let out = "";
  do {
    let digit = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) digit |= 0x80;
    out += String.fromCharCode(digit);
  } while (n > 0);
  return out;
}

function packet(firstByte: number, body: string): string {
  return String.fromCharCode(firstByte) + remainingLength(body.length) + body;
}

export interface ConnectOptions {
  clientId: string;
  username: string;
  password: string;
  willTopic: string;
  willPayload: string;
  keepAliveS: number;
}

export function connectPacket(o: ConnectOptions): string {
  const head = `${str("MQTT")}${String.fromCharCode(4, C.CONNECT_FLAGS)}${u16(o.keepAliveS)}`;
  const body =
    head + str(o.clientId) + str(o.willTopic) + str(o.willPayload) + str(o.username) + str(o.password);
  return packet(TYPE.CONNECT << 4, body);
}

/**
 * Everything of a PUBLISH before its payload (QoS 1 when `id` > 0, else QoS 0): the payload can then
 * be written into the socket piece by piece, so a board never holds the whole packet as one string.
 */
export function publishHead(topic: string, payloadLength: number, id: number, retain: boolean): string {
  const flags = (id > 0 ? 0x02 : 0) | (retain ? 0x01 : 0);
  const variable = str(topic) + (id > 0 ? u16(id) : "");
  return (
    String.fromCharCode((TYPE.PUBLISH << 4) | flags) +
    remainingLength(variable.length + payloadLength) +
    variable
  );
}

export function pubackPacket(id: number): string {
  return packet(TYPE.PUBACK << 4, u16(id));
}

export function subscribePacket(id: number, topics: string[]): string {
  let body = u16(id);
  for (let i = 0; i < topics.length; i++) body += `${str(topics[i] as string)}${String.fromCharCode(1)}`;
  return packet((TYPE.SUBSCRIBE << 4) | 0x02, body);
}

export function pingreqPacket(): string {
  return packet(TYPE.PINGREQ << 4, "");
}

export interface Packet {
  type: number;
  flags: number;
  body: string;
  /** bytes the whole packet took from the stream */
  size: number;
}

/** The first complete packet in `rx`, null when more bytes are needed, or type 0 when malformed. */
export function readPacket(rx: string): Packet | null {
  let length = 0;
  let factor = 1;
  for (let i = 1; i < 5; i++) {
    if (i >= rx.length) return null;
    const digit = rx.charCodeAt(i);
    length += (digit & 0x7f) * factor;
    factor *= 128;
    if (!(digit & 0x80)) {
      if (rx.length < i + 1 + length) return null;
      const first = rx.charCodeAt(0);
      return {
        type: first >> 4,
        flags: first & 0x0f,
        body: rx.substring(i + 1, i + 1 + length),
        size: i + 1 + length,
      };
    }
  }
  return { type: 0, flags: 0, body: "", size: rx.length };
}

/** Topic, packet id (0 for QoS 0) and payload of an incoming PUBLISH. */
export function readPublish(p: Packet): { topic: string; id: number; payload: string } {
  const topicLength = (p.body.charCodeAt(0) << 8) | p.body.charCodeAt(1);
  const topic = p.body.substring(2, 2 + topicLength);
  const qos = (p.flags >> 1) & 3;
  const at = 2 + topicLength;
  const id = qos > 0 ? (p.body.charCodeAt(at) << 8) | p.body.charCodeAt(at + 1) : 0;
  return { topic, id, payload: p.body.substring(qos > 0 ? at + 2 : at) };
}
