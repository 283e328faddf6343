// Sends the buffer's backlog in bounded batches and sends the next batch only after the gateway's
// ack (an outage's backlog must not flood the broker); applies the gateway's config message. The ack
// says what to forget (upTo: stored or quarantined); the readings it names as refused are counted.
// A batch is built once, as one string appended reading by reading, from a timer of its own: no list
// of readings, no packet copy, no deep call stack (on an ESP8266 those ran it out of memory).
import { decodeAck, decodeConfig, refusedCount } from "../../shared/protocol/codec.js";
import { signPayload } from "../../shared/protocol/hmac.js";
import { topicFor } from "../../shared/protocol/topics.js";
import type { ReadingBuffer } from "./buffer.js";
import type { Clock } from "./clock.js";
import type { FirmwareConfig } from "./config.js";
import type { MqttClient } from "./mqtt-client.js";
import { readingsHead, writeReadings } from "./readings-message.js";

// An enum, not a constants object: the build writes each value where it is used, and a board keeps
// every object and top-level name in RAM (firmware/README.md, "Memory").
enum C {
  /** No ack this long after a batch: send it again (the gateway keeps one copy of each sequence). */
  ACK_TIMEOUT_MS = 30000,
}

export class Uplink {
  /** last sequence of the batch waiting for its ack, or -1 */
  awaiting: number;
  /** readings the gateway refused (kept in its quarantine, not stored) since boot, for the console */
  refused: number;
  onConfig: (interval: number, highC: number | undefined, lowC: number | undefined) => void;
  private _client: MqttClient;
  private _buffer: ReadingBuffer;
  private _clock: Clock;
  private _cfg: FirmwareConfig;
  private _timer: number | undefined;

  constructor(client: MqttClient, buffer: ReadingBuffer, clock: Clock, cfg: FirmwareConfig) {
    this._client = client;
    this._buffer = buffer;
    this._clock = clock;
    this._cfg = cfg;
    this.awaiting = -1;
    this.refused = 0;
    this._timer = undefined;
    this.onConfig = () => {};
    client.onConnected = () => this._connected();
    client.onDisconnected = () => this._stopTimer();
    client.onMessage = (topic: string, payload: string, stored: boolean) =>
      this._message(topic, payload, stored);
  }

  /**
   * Sends the next batch from a timer of its own, never on the stack of what asked for it (an ack
   * arriving through the socket's handlers, a sample): every frame of that stack costs variables,
   * and the batch is the board's peak (measured: ~10-20 variables a frame on Espruino 2v29).
   */
  sendNext(): void {
    setTimeout(() => this._send(), 0);
  }

  private _send(): void {
    if (!this._client.connected || this.awaiting >= 0) return;
    const head = readingsHead(this._buffer, this._clock);
    const bat = batteryV(this._cfg);
    if (bat !== undefined) head.bat = bat;
    let text = "";
    const last = writeReadings(head, this._buffer, this._cfg.batchSize, (piece: string) => {
      text += piece;
    });
    if (last < 0) return;
    if (this._cfg.hmacKey) text = signPayload(this._cfg.hmacKey, text);
    this.awaiting = last;
    if (this._client.publish(this._topic("readings"), text, false)) this._startTimer();
    else this.awaiting = -1;
  }

  /** After a reconnect the batch waiting for its ack is sent again (the gateway keeps one copy of each sequence). */
  private _connected(): void {
    this.awaiting = -1;
    this.sendNext();
  }

  /** A retained config's time is as old as the message, so only a live one sets the clock. */
  private _message(topic: string, payload: string, stored: boolean): void {
    if (topic === this._topic("ack")) {
      const ack = decodeAck(payload);
      if (!ack.ok) return;
      this.refused += refusedCount(ack.value);
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
      this._send();
    }, C.ACK_TIMEOUT_MS);
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
