// Sends the buffer's backlog in bounded batches and sends the next batch only after the gateway's
// ack (an outage's backlog must not flood the broker); applies the gateway's config message.
import {
  decodeAck,
  decodeConfig,
  encodeReadingsText,
  type ReadingsHead,
} from "../../shared/protocol/codec.js";
import { signPayload } from "../../shared/protocol/hmac.js";
import { topicFor } from "../../shared/protocol/topics.js";
import { PROTOCOL_VERSION } from "../../shared/protocol/types.js";
import type { ReadingBuffer } from "./buffer.js";
import type { Clock } from "./clock.js";
import type { FirmwareConfig } from "./config.js";
import type { MqttClient } from "./mqtt-client.js";

/** No ack this long after a batch: send it again (the gateway keeps one copy of each sequence). */
const ACK_TIMEOUT_MS = 30000;

export class Uplink {
  /** last sequence of the batch waiting for its ack, or -1 */
  awaiting: number;
  onConfig: (interval: number, highC: number | undefined, lowC: number | undefined) => void;
  private client: MqttClient;
  private buffer: ReadingBuffer;
  private clock: Clock;
  private cfg: FirmwareConfig;
  private packetId: number;
  private timer: number | undefined;

  constructor(client: MqttClient, buffer: ReadingBuffer, clock: Clock, cfg: FirmwareConfig) {
    this.client = client;
    this.buffer = buffer;
    this.clock = clock;
    this.cfg = cfg;
    this.awaiting = -1;
    this.packetId = 0;
    this.timer = undefined;
    this.onConfig = () => {};
    client.onConnected = () => this.connected();
    client.onDisconnected = () => this.stopTimer();
    client.onMessage = (topic: string, payload: string) => this.message(topic, payload);
  }

  sendNext(): void {
    if (!this.client.connected || this.awaiting >= 0) return;
    const batch = this.buffer.batch(this.cfg.batchSize);
    if (batch === null) return;
    const head: ReadingsHead = { v: PROTOCOL_VERSION, boot: this.buffer.meta.boot, up: this.clock.uptimeS() };
    const now = this.clock.nowS();
    if (now !== undefined) head.now = now;
    const bat = batteryV(this.cfg);
    if (bat !== undefined) head.bat = bat;
    let text = encodeReadingsText(head, batch.texts);
    if (this.cfg.hmacKey) text = signPayload(this.cfg.hmacKey, text);
    this.awaiting = batch.last;
    this.packetId = this.client.publish(this.topic("readings"), text, false);
    this.startTimer();
  }

  /** After a reconnect the client resends a batch it still holds; one it delivered gets no ack now. */
  private connected(): void {
    if (this.awaiting >= 0 && !this.client.isInflight(this.packetId)) this.awaiting = -1;
    if (this.awaiting >= 0) this.startTimer();
    this.sendNext();
  }

  private message(topic: string, payload: string): void {
    if (topic === this.topic("ack")) {
      const ack = decodeAck(payload);
      if (!ack.ok) return;
      this.buffer.ack(ack.value.upTo);
      if (ack.value.upTo >= this.awaiting) {
        this.awaiting = -1;
        this.stopTimer();
      }
      this.sendNext();
    } else if (topic === this.topic("config")) {
      const config = decodeConfig(payload);
      if (!config.ok) return;
      this.clock.sync(config.value.time);
      this.onConfig(config.value.interval, config.value.alarmHighC, config.value.alarmLowC);
    }
  }

  private topic(channel: "readings" | "ack" | "config"): string {
    return topicFor((this.cfg.mqtt as { prefix: string }).prefix, this.cfg.deviceId, channel);
  }

  private startTimer(): void {
    this.stopTimer();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.awaiting = -1;
      this.sendNext();
    }, ACK_TIMEOUT_MS);
  }

  private stopTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/** Battery voltage where the board has a divider on an analog pin, 2 decimals. */
export function batteryV(cfg: FirmwareConfig): number | undefined {
  if (!cfg.battery) return undefined;
  return Math.floor(analogRead(global[cfg.battery.pin] as Pin) * cfg.battery.scale * 100) / 100;
}
