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
  private _client: MqttClient;
  private _buffer: ReadingBuffer;
  private _clock: Clock;
  private _cfg: FirmwareConfig;
  private _packetId: number;
  private _timer: number | undefined;

  constructor(client: MqttClient, buffer: ReadingBuffer, clock: Clock, cfg: FirmwareConfig) {
    this._client = client;
    this._buffer = buffer;
    this._clock = clock;
    this._cfg = cfg;
    this.awaiting = -1;
    this._packetId = 0;
    this._timer = undefined;
    this.onConfig = () => {};
    client.onConnected = () => this._connected();
    client.onDisconnected = () => this._stopTimer();
    client.onMessage = (topic: string, payload: string, stored: boolean) =>
      this._message(topic, payload, stored);
  }

  sendNext(): void {
    if (!this._client.connected || this.awaiting >= 0) return;
    const batch = this._buffer.batch(this._cfg.batchSize);
    if (batch === null) return;
    const head: ReadingsHead = {
      v: PROTOCOL_VERSION,
      boot: this._buffer.meta.boot,
      up: this._clock.uptimeS(),
    };
    const now = this._clock.nowS();
    if (now !== undefined) head.now = now;
    const bat = batteryV(this._cfg);
    if (bat !== undefined) head.bat = bat;
    let text = encodeReadingsText(head, batch.texts);
    if (this._cfg.hmacKey) text = signPayload(this._cfg.hmacKey, text);
    this.awaiting = batch.last;
    this._packetId = this._client.publish(this._topic("readings"), text, false);
    this._startTimer();
  }

  /** After a reconnect the client resends a batch it still holds; one it delivered gets no ack now. */
  private _connected(): void {
    if (this.awaiting >= 0 && !this._client.isInflight(this._packetId)) this.awaiting = -1;
    if (this.awaiting >= 0) this._startTimer();
    this.sendNext();
  }

  /** A retained config's time is as old as the message, so only a live one sets the clock. */
  private _message(topic: string, payload: string, stored: boolean): void {
    if (topic === this._topic("ack")) {
      const ack = decodeAck(payload);
      if (!ack.ok) return;
      this._buffer.ack(ack.value.upTo);
      if (ack.value.upTo >= this.awaiting) {
        this.awaiting = -1;
        this._stopTimer();
      }
      this.sendNext();
    } else if (topic === this._topic("config")) {
      const config = decodeConfig(payload);
      if (!config.ok) return;
      if (!stored) this._clock.sync(config.value.time);
      this.onConfig(config.value.interval, config.value.alarmHighC, config.value.alarmLowC);
    }
  }

  private _topic(channel: "readings" | "ack" | "config"): string {
    return topicFor((this._cfg.mqtt as { prefix: string }).prefix, this._cfg.deviceId, channel);
  }

  private _startTimer(): void {
    this._stopTimer();
    this._timer = setTimeout(() => {
      this._timer = undefined;
      this.awaiting = -1;
      this.sendNext();
    }, ACK_TIMEOUT_MS);
  }

  private _stopTimer(): void {
    if (this._timer !== undefined) clearTimeout(this._timer);
    this._timer = undefined;
  }
}

/** Battery voltage where the board has a divider on an analog pin, 2 decimals. */
export function batteryV(cfg: FirmwareConfig): number | undefined {
  if (!cfg.battery) return undefined;
  return Math.floor(analogRead(global[cfg.battery.pin] as Pin) * cfg.battery.scale * 100) / 100;
}
