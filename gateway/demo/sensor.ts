// A simulated sensor that speaks real MQTT over TCP to the broker, exactly as a device does:
// its own credentials, retained birth and last will, readings batched with sequence numbers, the
// backlog sent a batch at a time and each batch only after the gateway acked the one before.
import mqtt, { type MqttClient } from "mqtt";
import { decodeAck, encodeReadings, encodeStatus } from "../../shared/protocol/codec.js";
import { signPayload } from "../../shared/protocol/hmac.js";
import { MAX_READINGS_PER_BATCH } from "../../shared/protocol/limits.js";
import { topicFor } from "../../shared/protocol/topics.js";
import { PROTOCOL_VERSION, type WireReading } from "../../shared/protocol/types.js";

export interface SensorOptions {
  brokerUrl: string;
  prefix: string;
  deviceId: string;
  password: string;
  hmacKey?: string;
  /** air temperature at a time (the scenario) */
  airC(timeMs: number): number;
  /** the sensor "was offline" since then: its buffer holds readings from here to now */
  backlogFromMs: number;
  backlogIntervalS: number;
  /** seconds between live readings; 0: upload the backlog only */
  liveIntervalS: number;
  firstSeq: number;
  now(): number;
}

export interface Sensor {
  readonly deviceId: string;
  /** highest sequence the gateway acknowledged */
  ackedUpTo(): number;
  /** readings not yet acknowledged */
  pending(): number;
  stop(): Promise<void>;
}

export async function startSensor(o: SensorOptions): Promise<Sensor> {
  const buffer: WireReading[] = [];
  let seq = o.firstSeq;
  let acked = o.firstSeq - 1;
  let inFlight = false;
  const sample = (timeMs: number) => {
    const c = Math.round(o.airC(timeMs) * 16) / 16; // the DS18B20's 1/16 C steps
    buffer.push({ s: seq++, t: Math.floor(timeMs / 1000), c });
  };
  for (let t = o.backlogFromMs; t < o.now(); t += o.backlogIntervalS * 1000) sample(t);

  const status = (state: "online" | "offline") =>
    encodeStatus({ v: PROTOCOL_VERSION, state, fw: "demo-sim", board: "SIM" });
  const client: MqttClient = await mqtt.connectAsync(o.brokerUrl, {
    username: o.deviceId,
    password: o.password,
    clientId: o.deviceId,
    reconnectPeriod: 2000,
    will: {
      topic: topicFor(o.prefix, o.deviceId, "status"),
      payload: Buffer.from(status("offline")),
      qos: 1,
      retain: true,
    },
  });
  const send = () => {
    if (inFlight || buffer.length === 0 || !client.connected) return;
    inFlight = true;
    const batch = buffer.slice(0, MAX_READINGS_PER_BATCH);
    const text = encodeReadings({
      v: PROTOCOL_VERSION,
      boot: 1,
      up: 0,
      now: Math.floor(o.now() / 1000),
      r: batch,
    });
    const payload = o.hmacKey ? signPayload(o.hmacKey, text) : text;
    client.publish(topicFor(o.prefix, o.deviceId, "readings"), payload, { qos: 1 });
  };
  client.on("message", (_topic, payload) => {
    const ack = decodeAck(payload);
    if (!ack.ok) return;
    acked = Math.max(acked, ack.value.upTo);
    while (buffer.length > 0 && (buffer[0]?.s ?? Number.POSITIVE_INFINITY) <= acked) buffer.shift();
    inFlight = false;
    send();
  });
  client.on("connect", () => {
    inFlight = false;
    void client.publishAsync(topicFor(o.prefix, o.deviceId, "status"), status("online"), {
      qos: 1,
      retain: true,
    });
    send();
  });
  await client.subscribeAsync(
    [topicFor(o.prefix, o.deviceId, "ack"), topicFor(o.prefix, o.deviceId, "config")],
    { qos: 1 },
  );
  await client.publishAsync(topicFor(o.prefix, o.deviceId, "status"), status("online"), {
    qos: 1,
    retain: true,
  });
  send();
  const live =
    o.liveIntervalS > 0
      ? setInterval(() => {
          sample(o.now());
          send();
        }, o.liveIntervalS * 1000)
      : undefined;
  // An ack lost to a reconnect must not stall the sensor: resend the head of the buffer.
  const retry = setInterval(() => {
    inFlight = false;
    send();
  }, 30_000);
  return {
    deviceId: o.deviceId,
    ackedUpTo: () => acked,
    pending: () => buffer.length,
    stop: async () => {
      clearInterval(live);
      clearInterval(retry);
      await client.endAsync(true);
    },
  };
}
