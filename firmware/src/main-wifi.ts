// ESP32 / ESP8266 with a DS18B20 over Wi-Fi: sample -> alarm -> buffer (flash-backed) -> MQTT with acks.
import { encodeStatus } from "../../shared/protocol/codec.js";
import { topicFor } from "../../shared/protocol/topics.js";
import { PROTOCOL_VERSION } from "../../shared/protocol/types.js";
import { config, type FirmwareConfig } from "./config.js";
import { Ds18b20 } from "./ds18b20.js";
import { MqttClient } from "./mqtt-client.js";
import { pinNamed } from "./pins.js";
import { Sensor } from "./sensor.js";
import { Uplink } from "./uplink.js";
import { joinWifi } from "./wifi.js";

function start(): void {
  const cfg = config();
  // The build gives a Wi-Fi board a DS18B20 on one of its own pins (scripts/build-firmware.ts).
  const probe = new Ds18b20(pinNamed((cfg.probe as { pin: string }).pin) as Pin);
  let uplink: Uplink | undefined;
  const sensor = new Sensor(cfg, probe, () => uplink?.sendNext());
  const client = mqttClient(cfg, sensor);
  uplink = new Uplink(client, sensor.buffer, sensor.clock, cfg);
  uplink.onConfig = (interval: number, highC: number | undefined, lowC: number | undefined) =>
    sensor.apply(interval, highC, lowC);
  sensor.start();
  joinWifi(require("Storage"), cfg.wifi, () => client.start());
  // For a look from the console (and the simulation's memory estimate): the whole device state.
  global.mg = { buffer: sensor.buffer, client, uplink, sensor };
}

/** Credentials, the retained last will "offline" and birth "online", and the device's own topics. */
function mqttClient(cfg: FirmwareConfig, sensor: Sensor): MqttClient {
  const mqtt = cfg.mqtt as NonNullable<FirmwareConfig["mqtt"]>;
  const status = (state: "online" | "offline") =>
    encodeStatus({
      v: PROTOCOL_VERSION,
      state,
      fw: cfg.fw,
      board: cfg.board,
      boot: sensor.buffer.meta.boot,
      interval: sensor.settings.interval,
    });
  return new MqttClient({
    host: mqtt.host,
    port: mqtt.port,
    clientId: cfg.deviceId,
    username: mqtt.username,
    password: mqtt.password,
    keepAliveS: mqtt.keepAliveS,
    willTopic: topicFor(mqtt.prefix, cfg.deviceId, "status"),
    willPayload: status("offline"),
    birthPayload: status("online"),
    subscriptions: [
      topicFor(mqtt.prefix, cfg.deviceId, "ack"),
      topicFor(mqtt.prefix, cfg.deviceId, "config"),
    ],
    backoffMinS: cfg.backoff.minS,
    backoffMaxS: cfg.backoff.maxS,
  });
}

start();
