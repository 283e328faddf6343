// A small MQTT 3.1.1 client over Espruino's `net`: retained last will "offline" and birth "online",
// QoS 1 publishes tracked until PUBACK and sent again after a reconnect, keep-alive pings with a
// missing PINGRESP taken as a dead link, reconnect with exponential backoff and jitter.
import {
  type ConnectOptions,
  connectPacket,
  type Packet,
  pingreqPacket,
  pubackPacket,
  publishPacket,
  readPacket,
  readPublish,
  subscribePacket,
  TYPE,
} from "./mqtt-packets.js";

export interface ClientOptions extends ConnectOptions {
  host: string;
  port: number;
  subscriptions: string[];
  birthPayload: string;
  backoffMinS: number;
  backoffMaxS: number;
}

interface Outgoing {
  topic: string;
  payload: string;
  retain: boolean;
}

const CONNACK_TIMEOUT_MS = 10000;
const MAX_PACKET_ID = 65535;

export class MqttClient {
  connected: boolean;
  /** CONNECT attempts since the last success (the backoff exponent) */
  failures: number;
  lastError: string;
  onConnected: () => void;
  onMessage: (topic: string, payload: string) => void;
  onDisconnected: () => void;
  private o: ClientOptions;
  private sock: EspruinoSocket | undefined;
  private rx: string;
  private nextId: number;
  private inflight: { [id: string]: Outgoing };
  private pingPending: boolean;
  private timer: number | undefined;

  constructor(o: ClientOptions) {
    this.o = o;
    this.connected = false;
    this.failures = 0;
    this.lastError = "";
    this.onConnected = () => {};
    this.onMessage = () => {};
    this.onDisconnected = () => {};
    this.sock = undefined;
    this.rx = "";
    this.nextId = 1;
    this.inflight = {};
    this.pingPending = false;
    this.timer = undefined;
  }

  connect(): void {
    this.setTimer(() => this.lost("no connack"), CONNACK_TIMEOUT_MS);
    this.rx = "";
    try {
      // biome-ignore lint/style/useNodejsImportProtocol: Espruino's built-in module, not Node's
      const sock = require("net").connect({ host: this.o.host, port: this.o.port }, () => {
        this.write(connectPacket(this.o));
      });
      this.sock = sock;
      // Events of a socket already given up must not touch the next one.
      sock.on("data", (data: string) => {
        if (this.sock === sock) this.receive(data);
      });
      sock.on("close", () => {
        if (this.sock === sock) this.lost("closed");
      });
    } catch (_e) {
      this.lost("connect failed");
    }
  }

  /** QoS 1 publish; returns its packet id. Kept until PUBACK, sent again after a reconnect. */
  publish(topic: string, payload: string, retain: boolean): number {
    const id = this.takeId();
    this.inflight[id] = { topic, payload, retain };
    if (this.connected) this.write(publishPacket(topic, payload, id, retain, false));
    return id;
  }

  private takeId(): number {
    const id = this.nextId;
    this.nextId = (this.nextId % MAX_PACKET_ID) + 1;
    return id;
  }

  isInflight(id: number): boolean {
    return this.inflight[id] !== undefined;
  }

  private receive(data: string): void {
    this.rx += data;
    let p = readPacket(this.rx);
    while (p !== null) {
      this.rx = this.rx.substring(p.size);
      if (p.type === 0) {
        this.lost("malformed packet");
        return;
      }
      this.handle(p);
      p = this.sock ? readPacket(this.rx) : null;
    }
  }

  private handle(p: Packet): void {
    if (p.type === TYPE.CONNACK) this.connack(p.body.charCodeAt(1));
    else if (p.type === TYPE.PUBLISH) {
      const m = readPublish(p);
      if (m.id > 0) this.write(pubackPacket(m.id));
      this.onMessage(m.topic, m.payload);
    } else if (p.type === TYPE.PUBACK)
      delete this.inflight[(p.body.charCodeAt(0) << 8) | p.body.charCodeAt(1)];
    else if (p.type === TYPE.PINGRESP) this.pingPending = false;
  }

  /** Return code 0 is accepted; 4 and 5 are bad credentials: back off like any other failure. */
  private connack(code: number): void {
    if (code !== 0) {
      this.lost(`refused ${code}`);
      return;
    }
    this.connected = true;
    this.failures = 0;
    this.pingPending = false;
    this.write(subscribePacket(this.takeId(), this.o.subscriptions));
    this.write(publishPacket(this.o.willTopic, this.o.birthPayload, this.takeId(), true, false));
    for (const id in this.inflight) {
      const m = this.inflight[id] as Outgoing;
      this.write(publishPacket(m.topic, m.payload, Number(id), m.retain, true));
    }
    this.setTimer(() => this.keepAlive(), this.o.keepAliveS * 1000);
    this.onConnected();
  }

  private keepAlive(): void {
    if (this.pingPending) {
      this.lost("no pingresp");
      return;
    }
    this.pingPending = true;
    this.write(pingreqPacket());
    this.setTimer(() => this.keepAlive(), this.o.keepAliveS * 1000);
  }

  private write(data: string): void {
    if (!this.sock) return;
    try {
      this.sock.write(data);
    } catch (_e) {
      this.lost("write failed");
    }
  }

  /** Drops the link once, then tries again after min(max, min * 2^failures) * (0.5..1) seconds. */
  private lost(why: string): void {
    const sock = this.sock;
    const wasConnected = this.connected;
    this.sock = undefined;
    this.connected = false;
    this.lastError = why;
    if (sock) {
      try {
        sock.end();
      } catch (_e) {}
    }
    const delayS = Math.min(this.o.backoffMaxS, this.o.backoffMinS * 2 ** this.failures);
    this.failures++;
    this.setTimer(() => this.connect(), delayS * (0.5 + Math.random() / 2) * 1000);
    if (wasConnected) this.onDisconnected();
  }

  private setTimer(fn: () => void, ms: number): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      fn();
    }, ms);
  }
}
