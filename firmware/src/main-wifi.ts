// ESP32 / ESP8266 with a DS18B20 over Wi-Fi: sample -> alarm -> buffer (flash-backed) -> MQTT with acks.
import { encodeStatus } from "../../shared/protocol/codec.js";
import { topicFor } from "../../shared/protocol/topics.js";
import { PROTOCOL_VERSION, type ProbeFault } from "../../shared/protocol/types.js";
import { Alarm } from "./alarm.js";
import { ReadingBuffer } from "./buffer.js";
import { Clock } from "./clock.js";
import { config } from "./config.js";
import { Ds18b20 } from "./ds18b20.js";
import { MqttClient } from "./mqtt-client.js";
import { pinNamed } from "./pins.js";
import { onChipProbe, Sampler } from "./sampler.js";
import { loadSettings, saveSettings } from "./settings.js";
import { Uplink } from "./uplink.js";

const WIFI_RETRY_MS = 30000;

function start(): void {
  const cfg = config();
  const mqtt = cfg.mqtt as NonNullable<typeof cfg.mqtt>;
  const clock = new Clock();
  const storage = require("Storage");
  const buffer = new ReadingBuffer(storage, cfg.ramReadings, cfg.flashSegments);
  let settings = loadSettings(storage, {
    interval: cfg.intervalS,
    highC: cfg.alarm.highC,
    lowC: cfg.alarm.lowC,
  });
  const alarm = new Alarm(pinNamed(cfg.alarm.pin || "LED1"), settings.highC, settings.lowC);
  const status = (state: "online" | "offline") =>
    encodeStatus({
      v: PROTOCOL_VERSION,
      state,
      fw: cfg.fw,
      board: cfg.board,
      boot: buffer.meta.boot,
      interval: cfg.intervalS,
    });
  const client = new MqttClient({
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
  const uplink = new Uplink(client, buffer, clock, cfg);
  const probe = cfg.probe.kind === "ds18b20" ? new Ds18b20(pinNamed(cfg.probe.pin)) : onChipProbe;
  const sampler = new Sampler(probe, settings.interval, (c: number | null, fault: ProbeFault | null) => {
    const now = clock.nowS();
    buffer.push(now === undefined ? clock.uptimeS() : now, now === undefined, c, fault);
    alarm.check(c);
    uplink.sendNext();
  });
  uplink.onConfig = (interval: number, highC: number | undefined, lowC: number | undefined) => {
    const next = { interval, highC: highC ?? settings.highC, lowC: lowC ?? settings.lowC };
    saveSettings(storage, next, settings);
    settings = next;
    sampler.setIntervalS(interval);
    alarm.highC = next.highC;
    alarm.lowC = next.lowC;
  };
  sampler.start();
  setInterval(() => buffer.flush(), cfg.flushIntervalS * 1000);
  joinWifi(cfg.wifi, () => client.connect());
  // For a look from the console (and the simulation's memory estimate): the whole device state.
  global.mg = { buffer, client, uplink, sampler, alarm, clock };
}

function joinWifi(wifi: { ssid: string; password: string } | undefined, then: () => void): void {
  if (!wifi) {
    then();
    return;
  }
  const net = require("Wifi");
  let started = false;
  const attempt = () =>
    net.connect(wifi.ssid, { password: wifi.password }, (err: string | null) => {
      if (err) return setTimeout(attempt, WIFI_RETRY_MS);
      if (!started) then();
      started = true;
    });
  attempt();
}

start();
