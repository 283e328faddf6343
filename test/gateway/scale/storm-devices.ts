// A reconnect storm in a process of its own: `count` devices, each with `readings` buffered, all
// opening their connection in the same moment (a site after a power cut, or every device after a
// gateway restart). Each behaves as the firmware does (firmware/src/mqtt-client.ts, uplink.ts):
// CONNECT with a retained last will, SUBSCRIBE to its ack and config, the retained birth message,
// then its backlog in batches of MAX_READINGS_PER_BATCH, each sent once the last one is acked, and
// from after the last ack again on a new connection. A refused or lost connection is retried after an
// exponential back-off with full jitter, by the firmware's own function
// (shared/protocol/reconnect-delay.ts). Raw MQTT (mqtt-packet), not mqtt.js: ten thousand mqtt.js
// clients would cost this process more than the gateway it measures, on the same two cores.
//
// usage: storm-devices.ts <port> <password> <count> <readings per device> <back-off min s> <max s>
// Prints one line of JSON when every reading is acked (devices then stay connected, as after a real
// storm), or when a line "report" comes on its stdin before that (a storm given up on: how far it got),
// and exits when its stdin closes.
import { connect, type Socket } from "node:net";
import { performance } from "node:perf_hooks";
import mqttPacket, { type Packet } from "mqtt-packet";
import { MAX_READINGS_PER_BATCH } from "../../../shared/protocol/limits.js";
import { reconnectDelayMs } from "../../../shared/protocol/reconnect-delay.js";
import { stormDeviceId } from "./storm-ids.js";

/** what this process prints once every reading is acked, or when asked */
export interface StormReport {
  devices: number;
  readingsPerDevice: number;
  /** from the first CONNECT until every reading was acked; null when asked before that */
  drainedMs: number | null;
  /** readings acked, of devices × readingsPerDevice */
  acked: number;
  /** from the first CONNECT until half, 90 % and 99 % of every reading were acked (null: not yet) */
  ackedShareMs: Record<(typeof SHARES)[number], number | null>;
  connectAttempts: number;
  /** CONNACKs refusing a session, by return code */
  refused: Record<string, number>;
  /** connections that closed or timed out before their device had everything acked */
  lost: number;
  /** CONNECTs given up unanswered: the gateway may still answer (and count) them after the device left */
  connackTimeouts: number;
  /** from opening a connection to its TCP handshake done (a full accept queue: SYN retries at 1, 3, 7 s) */
  handshakeMs: Quantiles;
  /** from opening a connection to its CONNACK, for those answered */
  connackMs: Quantiles;
}

export interface Quantiles {
  p50: number;
  p90: number;
  p99: number;
}

/** the firmware's CONNACK_TIMEOUT_MS */
const CONNACK_TIMEOUT_MS = 10_000;
/** a batch whose ack does not come within this is taken as a dead link */
const ACK_TIMEOUT_MS = 60_000;
const KEEPALIVE_S = 60;
const SHARES = ["50", "90", "99"] as const;

const [port, password, countArg, readingsArg, backoffMinArg, backoffMaxArg] = process.argv.slice(2);
const count = Number(countArg);
const BACKOFF_MIN_S = Number(backoffMinArg);
const BACKOFF_MAX_S = Number(backoffMaxArg);
const readings = Number(readingsArg);
const nowS = Math.floor(Date.now() / 1000);
/** buffered while the gateway was away: one reading a minute, the newest ten minutes ago */
const firstS = nowS - 600 - readings * 60;

const report: StormReport = {
  devices: count,
  readingsPerDevice: readings,
  drainedMs: null,
  acked: 0,
  ackedShareMs: { "50": null, "90": null, "99": null },
  connectAttempts: 0,
  refused: {},
  lost: 0,
  connackTimeouts: 0,
  handshakeMs: { p50: 0, p90: 0, p99: 0 },
  connackMs: { p50: 0, p90: 0, p99: 0 },
};
const handshakeMs: number[] = [];
const connackMs: number[] = [];
let undrained = count;
const started = performance.now();
const sockets = new Set<Socket>();

class Device {
  private acked = -1;
  private failures = 0;
  private socket: Socket | undefined;
  private timer: NodeJS.Timeout | undefined;
  private keepAlive: NodeJS.Timeout | undefined;
  private nextId = 1;
  private openedAt = 0;

  constructor(private readonly id: string) {}

  connect(): void {
    report.connectAttempts++;
    const openedAt = performance.now();
    this.openedAt = openedAt;
    const socket = connect(Number(port), "127.0.0.1");
    socket.once("connect", () => handshakeMs.push(performance.now() - openedAt));
    this.socket = socket;
    sockets.add(socket);
    const parser = mqttPacket.parser({ protocolVersion: 4 });
    parser.on("packet", (packet) => this.receive(packet));
    parser.on("error", () => this.lost());
    socket.on("data", (chunk) => parser.parse(chunk));
    socket.on("error", () => {});
    socket.on("close", () => {
      sockets.delete(socket);
      if (this.socket === socket) this.lost();
    });
    this.send({
      cmd: "connect",
      protocolId: "MQTT",
      protocolVersion: 4,
      clean: true,
      clientId: this.id,
      keepalive: KEEPALIVE_S,
      username: this.id,
      password: Buffer.from(password ?? ""),
      will: {
        topic: this.topic("status"),
        payload: Buffer.from('{"v":1,"state":"offline"}'),
        qos: 1,
        retain: true,
      },
    });
    this.stopWaiting();
    this.timer = setTimeout(() => {
      report.connackTimeouts++;
      this.lost();
    }, CONNACK_TIMEOUT_MS);
  }

  private receive(packet: Packet): void {
    if (packet.cmd === "connack") {
      connackMs.push(performance.now() - this.openedAt);
      if (packet.returnCode !== 0) {
        const code = String(packet.returnCode);
        report.refused[code] = (report.refused[code] ?? 0) + 1;
        this.lost();
        return;
      }
      this.failures = 0;
      // a ping every keep-alive period from the CONNACK on, as the firmware does (mqtt-client.ts):
      // each device on its own clock, not ten thousand pings in the same moment
      this.keepAlive = setInterval(() => this.send({ cmd: "pingreq" }), KEEPALIVE_S * 1000);
      this.send({
        cmd: "subscribe",
        messageId: this.takeId(),
        subscriptions: [
          { topic: this.topic("ack"), qos: 1 },
          { topic: this.topic("config"), qos: 1 },
        ],
      });
      this.publish("status", '{"v":1,"state":"online","fw":"storm","board":"ESP32"}', true);
      this.sendBatch();
    } else if (packet.cmd === "publish") {
      if (packet.qos > 0) this.send({ cmd: "puback", messageId: packet.messageId ?? 0 });
      if (packet.topic === this.topic("ack")) this.onAck(JSON.parse(packet.payload.toString()).upTo);
    }
  }

  private onAck(upTo: number): void {
    if (upTo <= this.acked) return;
    const before = this.acked;
    this.acked = upTo;
    countAcked(upTo - before);
    if (upTo >= readings - 1) {
      this.stopWaiting();
      if (before < readings - 1 && --undrained === 0) finished();
      return;
    }
    this.sendBatch();
  }

  private sendBatch(): void {
    const first = this.acked + 1;
    if (first >= readings) return;
    const n = Math.min(MAX_READINGS_PER_BATCH, readings - first);
    const r = Array.from({ length: n }, (_, i) => ({ s: first + i, t: firstS + (first + i) * 60, c: -19 }));
    this.publish("readings", JSON.stringify({ v: 1, boot: 1, up: 100, r }), false);
    this.wait(ACK_TIMEOUT_MS);
  }

  /** Drops the connection once and tries again after the back-off. */
  private lost(): void {
    const socket = this.socket;
    if (socket === undefined) return;
    this.socket = undefined;
    clearInterval(this.keepAlive);
    socket.destroy();
    if (this.acked < readings - 1) report.lost++;
    const delayMs = reconnectDelayMs(this.failures, BACKOFF_MIN_S, BACKOFF_MAX_S, Math.random());
    this.failures++;
    this.stopWaiting();
    this.timer = setTimeout(() => this.connect(), delayMs);
  }

  private wait(ms: number): void {
    this.stopWaiting();
    this.timer = setTimeout(() => this.lost(), ms);
  }

  private stopWaiting(): void {
    clearTimeout(this.timer);
  }

  private publish(channel: string, payload: string, retain: boolean): void {
    this.send({
      cmd: "publish",
      topic: this.topic(channel),
      payload: Buffer.from(payload),
      qos: 1,
      retain,
      dup: false,
      messageId: this.takeId(),
    });
  }

  private send(packet: Packet): void {
    this.socket?.write(mqttPacket.generate(packet));
  }

  private takeId(): number {
    const id = this.nextId;
    this.nextId = (this.nextId % 65535) + 1;
    return id;
  }

  private topic(channel: string): string {
    return `milkguard/${this.id}/${channel}`;
  }
}

function quantiles(samples: number[]): Quantiles {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => Math.round(sorted[Math.floor(q * (sorted.length - 1))] ?? 0);
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99) };
}

function countAcked(readingsNow: number): void {
  report.acked += readingsNow;
  for (const share of SHARES) {
    if (report.ackedShareMs[share] === null && report.acked >= (Number(share) / 100) * count * readings)
      report.ackedShareMs[share] = Math.round(performance.now() - started);
  }
}

function finished(): void {
  report.drainedMs = Math.round(performance.now() - started);
  print();
}

let printed = false;
function print(): void {
  if (printed) return;
  printed = true;
  report.handshakeMs = quantiles(handshakeMs);
  report.connackMs = quantiles(connackMs);
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

const devices = Array.from({ length: count }, (_, i) => new Device(stormDeviceId(i)));
for (const device of devices) device.connect();
process.stdin.on("data", (text) => {
  if (text.toString().includes("report")) print();
});
process.stdin.on("end", () => {
  for (const socket of sockets) socket.destroy();
  process.exit(0);
});
process.stdin.resume();
