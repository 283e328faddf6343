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
  /** `stored`: the broker's retained copy, sent because we subscribed (RETAIN set [MQTT-3.3.1-8]) */
  onMessage: (topic: string, payload: string, stored: boolean) => void;
  onDisconnected: () => void;
  private _o: ClientOptions;
  private _sock: EspruinoSocket | undefined;
  private _rx: string;
  private _nextId: number;
  private _inflight: { [id: string]: Outgoing };
  private _pingPending: boolean;
  private _timer: number | undefined;

  constructor(o: ClientOptions) {
    this._o = o;
    this.connected = false;
    this.failures = 0;
    this.lastError = "";
    this.onConnected = () => {};
    this.onMessage = () => {};
    this.onDisconnected = () => {};
    this._sock = undefined;
    this._rx = "";
    this._nextId = 1;
    this._inflight = {};
    this._pingPending = false;
    this._timer = undefined;
  }

  connect(): void {
    this._setTimer(() => this._lost("no connack"), CONNACK_TIMEOUT_MS);
    this._rx = "";
    try {
      // biome-ignore lint/style/useNodejsImportProtocol: Espruino's built-in module, not Node's
      const sock = require("net").connect({ host: this._o.host, port: this._o.port }, () => {
        this._write(connectPacket(this._o));
      });
      this._sock = sock;
      // Events of a socket already given up must not touch the next one.
      sock.on("data", (data: string) => {
        if (this._sock === sock) this._receive(data);
      });
      sock.on("close", () => {
        if (this._sock === sock) this._lost("closed");
      });
    } catch (_e) {
      this._lost("connect failed");
    }
  }

  /** QoS 1 publish; returns its packet id. Kept until PUBACK, sent again after a reconnect. */
  publish(topic: string, payload: string, retain: boolean): number {
    const id = this._takeId();
    this._inflight[id] = { topic, payload, retain };
    if (this.connected) this._write(publishPacket(topic, payload, id, retain, false));
    return id;
  }

  private _takeId(): number {
    const id = this._nextId;
    this._nextId = (this._nextId % MAX_PACKET_ID) + 1;
    return id;
  }

  isInflight(id: number): boolean {
    return this._inflight[id] !== undefined;
  }

  private _receive(data: string): void {
    this._rx += data;
    let p = readPacket(this._rx);
    while (p !== null) {
      this._rx = this._rx.substring(p.size);
      if (p.type === 0) {
        this._lost("malformed packet");
        return;
      }
      this._handle(p);
      p = this._sock ? readPacket(this._rx) : null;
    }
  }

  private _handle(p: Packet): void {
    if (p.type === TYPE.CONNACK) this._connack(p.body.charCodeAt(1));
    else if (p.type === TYPE.PUBLISH) {
      const m = readPublish(p);
      if (m.id > 0) this._write(pubackPacket(m.id));
      this.onMessage(m.topic, m.payload, (p.flags & 1) === 1);
    } else if (p.type === TYPE.PUBACK)
      delete this._inflight[(p.body.charCodeAt(0) << 8) | p.body.charCodeAt(1)];
    else if (p.type === TYPE.PINGRESP) this._pingPending = false;
  }

  /** Return code 0 is accepted; 4 and 5 are bad credentials: back off like any other failure. */
  private _connack(code: number): void {
    if (code !== 0) {
      this._lost(`refused ${code}`);
      return;
    }
    this.connected = true;
    this.failures = 0;
    this._pingPending = false;
    this._write(subscribePacket(this._takeId(), this._o.subscriptions));
    this._write(publishPacket(this._o.willTopic, this._o.birthPayload, this._takeId(), true, false));
    for (const id in this._inflight) {
      const m = this._inflight[id] as Outgoing;
      this._write(publishPacket(m.topic, m.payload, Number(id), m.retain, true));
    }
    this._setTimer(() => this._keepAlive(), this._o.keepAliveS * 1000);
    this.onConnected();
  }

  private _keepAlive(): void {
    if (this._pingPending) {
      this._lost("no pingresp");
      return;
    }
    this._pingPending = true;
    this._write(pingreqPacket());
    this._setTimer(() => this._keepAlive(), this._o.keepAliveS * 1000);
  }

  private _write(data: string): void {
    if (!this._sock) return;
    try {
      this._sock.write(data);
    } catch (_e) {
      this._lost("write failed");
    }
  }

  /** Drops the link once, then tries again after min(max, min * 2^failures) * (0.5..1) seconds. */
  private _lost(why: string): void {
    const sock = this._sock;
    const wasConnected = this.connected;
    this._sock = undefined;
    this.connected = false;
    this.lastError = why;
    if (sock) {
      try {
        sock.end();
      } catch (_e) {}
    }
    const delayS = Math.min(this._o.backoffMaxS, this._o.backoffMinS * 2 ** this.failures);
    this.failures++;
    this._setTimer(() => this.connect(), delayS * (0.5 + Math.random() / 2) * 1000);
    if (wasConnected) this.onDisconnected();
  }

  private _setTimer(fn: () => void, ms: number): void {
    if (this._timer !== undefined) clearTimeout(this._timer);
    this._timer = setTimeout(() => {
      this._timer = undefined;
      fn();
    }, ms);
  }
}
