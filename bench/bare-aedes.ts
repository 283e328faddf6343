// Bare aedes, the yardstick of bench/gateway.ts, in a process of its own as the gateway is: one
// subscriber takes every reading and nothing else is done. Prints one line of JSON with its port.
import { Aedes } from "aedes";
import { listenMqttTcp } from "../gateway/broker/listeners.js";

const aedes = await Aedes.createBroker();
await new Promise<void>((resolve) =>
  aedes.subscribe("milkguard/+/readings", (_packet, done) => done(), resolve),
);
const tcp = await listenMqttTcp(aedes, 0, "127.0.0.1");
process.stdout.write(`${JSON.stringify({ mqttPort: tcp.port })}\n`);
