// A small MQTT 3.1.1 client over Espruino's `net`: retained last will "offline" and birth "online",
// QoS 1 publishes written into the socket and not kept (what must arrive is sent again by its owner,
// the uplink, from the flash-backed buffer), keep-alive pings with a missing PINGRESP taken as a dead
// link, and every connection attempt from a timer with exponential backoff and full jitter. Work that
// writes runs from timers of its own, not deep in the socket's handlers: each frame of a call stack
// costs variables (see firmware/README.md, "Memory").
import { reconnectDelayMs } from "../../shared/protocol/reconnect-delay.js";
import {
  type ConnectOptions,
  connectPacket,
  type Packet,
  pingreqPacket,
  pubackPacket,
  publishHead,
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

// An enum, not a constants object: the build writes each value where it is used, and a board keeps
// every object and top-level name in RAM (firmware/README.md, "Memory").
enum C {
  CONNACK_TIMEOUT_MS = 10000,
  /**
   * The first connection waits for boot to finish: a refused connect throws, and on a board with a
   * fixed number of variables the boot code's own memory left no room to catch it (measured on
   * Espruino 2v29 with 1,600 variables: OUT OF MEMORY, then the InternalError uncaught).
   */
  FIRST_CONNECT_MS = 1000,
  MAX_PACKET_ID = 65535,
}

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
    this._pingPending = false;
    this._timer = undefined;
  }

  /** Connects from a timer, never from the caller's stack; failures retry with backoff. */
  start(): void {
    this._setTimer(() => this._connect(), C.FIRST_CONNECT_MS);
  }

  private _connect(): void {
    this._setTimer(() => this._lost("no connack"), C.CONNACK_TIMEOUT_MS);
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

  /**
   * QoS 1 publish; false when not connected. The head and the payload go to the socket apart, so
   * the payload is never copied into a packet string. Nothing is kept for a resend.
   */
  publish(topic: string, payload: string, retain: boolean): boolean {
    if (!this.connected) return false;
    this._write(publishHead(topic, payload.length, this._takeId(), retain));
    this._write(payload);
    return this.connected;
  }

  private _takeId(): number {
    const id = this._nextId;
    this._nextId = (this._nextId % C.MAX_PACKET_ID) + 1;
    return id;
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
    } else if (p.type === TYPE.PINGRESP) this._pingPending = false;
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
    this._setTimer(() => this._online(), 0);
  }

  private _online(): void {
    this._write(subscribePacket(this._takeId(), this._o.subscriptions));
    this.publish(this._o.willTopic, this._o.birthPayload, true);
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

  /** Drops the link once, then tries again after a random wait up to min(max, min * 2^failures) seconds. */
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
    const o = this._o;
    const delayMs = reconnectDelayMs(this.failures, o.backoffMinS, o.backoffMaxS, Math.random());
    this.failures++;
    this._setTimer(() => this._connect(), delayMs);
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
