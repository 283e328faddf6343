// Bluetooth through EspruinoHub (github.com/espruino/EspruinoHub), the BLE -> MQTT bridge Espruino
// provides for a Raspberry Pi: it scans, connects and speaks GATT, and the relay only exchanges MQTT
// messages with it, so the relay needs no native Bluetooth package. Topics, as EspruinoHub's README
// and lib/ sources describe them (prefix "/ble" by default):
//   <prefix>/advertise/<address>/manufacturer/0590  JSON string: manufacturer data in hex, no company id
//   <prefix>/ping/<address>  ->  <prefix>/pong/<address>      connects (or keeps the connection)
//   <prefix>/notify/<address>/nus/nus_rx                     starts notifications from the UART
//   <prefix>/write/<address>/nus/nus_tx                      JSON string: text to the UART
//   <prefix>/data/<address>/nus/nus_rx                       text from the UART
// UNTESTED ON HARDWARE: the tests run it against a stand-in that answers these topics.
import type { MqttClient } from "mqtt";
import type { UartLink } from "./puck-console.js";

export interface HubOptions {
  /** EspruinoHub's mqtt_prefix */
  prefix: string;
  /** how long to wait for the Puck to answer a ping (EspruinoHub connects on the first) */
  pingTimeoutMs: number;
}

export class EspruinoHubUart implements UartLink {
  private listener: ((topic: string, payload: Buffer) => void) | undefined;

  constructor(
    private readonly hub: MqttClient,
    private readonly address: string,
    private readonly o: HubOptions,
  ) {}

  async open(onData: (chunk: string) => void): Promise<void> {
    await this.close();
    const pong = `${this.o.prefix}/pong/${this.address}`;
    const data = `${this.o.prefix}/data/${this.address}/nus/nus_rx`;
    let answered = () => {};
    const ponged = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), this.o.pingTimeoutMs);
      answered = () => {
        clearTimeout(timer);
        resolve(true);
      };
    });
    this.listener = (topic, payload) => {
      if (topic === pong) answered();
      else if (topic === data) onData(payload.toString("latin1"));
    };
    this.hub.on("message", this.listener);
    await this.hub.subscribeAsync([pong, data], { qos: 0 });
    await this.hub.publishAsync(`${this.o.prefix}/ping/${this.address}`, "");
    if (!(await ponged)) {
      await this.close();
      throw new Error(`${this.address} did not answer EspruinoHub's ping in ${this.o.pingTimeoutMs} ms`);
    }
    await this.hub.publishAsync(`${this.o.prefix}/notify/${this.address}/nus/nus_rx`, "");
  }

  /** EspruinoHub parses a JSON payload, so a JSON string arrives as exactly this text. */
  async write(text: string): Promise<void> {
    if (!this.listener) throw new Error("not connected");
    await this.hub.publishAsync(`${this.o.prefix}/write/${this.address}/nus/nus_tx`, JSON.stringify(text));
  }

  /** EspruinoHub drops the Bluetooth connection by itself after its connection_timeout of silence. */
  async close(): Promise<void> {
    if (!this.listener) return;
    this.hub.removeListener("message", this.listener);
    this.listener = undefined;
    await this.hub.unsubscribeAsync([
      `${this.o.prefix}/pong/${this.address}`,
      `${this.o.prefix}/data/${this.address}/nus/nus_rx`,
    ]);
  }
}

/** Calls `onAdvert` for every Espruino manufacturer-data advert EspruinoHub relays. */
export async function watchAdverts(
  hub: MqttClient,
  prefix: string,
  onAdvert: (address: string, bytes: number[]) => void,
): Promise<void> {
  const topic = `${prefix}/advertise/+/manufacturer/0590`;
  const head = `${prefix}/advertise/`;
  hub.on("message", (t, payload) => {
    if (!t.startsWith(head) || !t.endsWith("/manufacturer/0590")) return;
    const address = t.slice(head.length, t.length - "/manufacturer/0590".length);
    const bytes = hexBytes(payload.toString());
    if (bytes) onAdvert(address, bytes);
  });
  await hub.subscribeAsync(topic, { qos: 0 });
}

function hexBytes(payload: string): number[] | undefined {
  let hex: unknown;
  try {
    hex = JSON.parse(payload);
  } catch {
    hex = payload;
  }
  if (typeof hex !== "string" || hex.length % 2 !== 0 || !/^[0-9a-f]*$/i.test(hex)) return undefined;
  const bytes: number[] = [];
  for (let i = 0; i < hex.length; i += 2) bytes.push(Number.parseInt(hex.slice(i, i + 2), 16));
  return bytes;
}
