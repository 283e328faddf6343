// "Connect my sensor to Wi-Fi": a donor sets her home Wi-Fi on the sensor the milk bank flashed, with
// its USB cable in this computer, through Chromium's Web Serial. The page types the same line as
// `npm run wifi` on the sensor's console (firmware/wifi-console.ts) and shows what the sensor answers.
import { wifiAnswer, wifiCommand } from "../../../firmware/wifi-console.js";
import { el, field } from "../dom.js";
import { t } from "../i18n/reader.js";
import { formError, submitting } from "../ui.js";

/** The part of Web Serial this page uses (not in TypeScript's DOM library yet). */
interface SerialPort {
  open(options: { baudRate: number }): Promise<void>;
  close(): Promise<void>;
  readable: ReadableStream<Uint8Array>;
  writable: WritableStream<Uint8Array>;
}
type Serial = { requestPort(): Promise<SerialPort> };

/** Espruino's USB console speed on the ESP32 and the ESP8266. */
const BAUD = 115200;
/** Joining takes a few seconds; a sensor out of the network's reach says so within about 15. */
const ANSWER_WITHIN_MS = 45_000;

export async function sensorWifiView(root: HTMLElement): Promise<void> {
  const serial = (navigator as Navigator & { serial?: Serial }).serial;
  const words = t().wifi;
  root.append(
    el("h1", {}, words.title),
    el("ol", {}, ...words.steps.map((step) => el("li", {}, step))),
    serial ? wifiForm(serial) : el("p", { role: "alert" }, words.needsChrome),
  );
}

function wifiForm(serial: Serial): HTMLFormElement {
  const ssid = el("input", { name: "ssid", required: true, autocomplete: "off" });
  const password = el("input", { name: "password", type: "password", autocomplete: "off" });
  const status = el("p", { role: "status" });
  const words = t().wifi;
  const form = el(
    "form",
    {},
    field(words.name, ssid),
    field(words.password, password),
    el("button", { type: "submit" }, words.connect),
    formError(),
    status,
  );
  form.addEventListener(
    "submit",
    submitting(form, async () => {
      status.textContent = "";
      const port = await serial.requestPort();
      await port.open({ baudRate: BAUD });
      try {
        status.textContent = words.talking;
        await setWifi(port, ssid.value, password.value);
        status.textContent = words.joined(ssid.value);
      } catch (err) {
        status.textContent = "";
        throw err;
      } finally {
        await port.close();
      }
    }),
  );
  return form;
}

/** Types the line, then reads until the sensor says it joined, or throws what it said instead. */
async function setWifi(port: SerialPort, ssid: string, password: string): Promise<void> {
  const writer = port.writable.getWriter();
  // Ctrl-C first clears anything half-typed on the console
  await writer.write(new TextEncoder().encode(`\x03${wifiCommand(ssid, password)}`));
  writer.releaseLock();
  const reader = port.readable.getReader();
  const timer = setTimeout(() => void reader.cancel(), ANSWER_WITHIN_MS);
  const decoder = new TextDecoder();
  const words = t().wifi;
  let said = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error(words.noAnswer);
      said += decoder.decode(value, { stream: true });
      if (said.includes("mgWifi") && said.includes("not defined")) throw new Error(words.tooOld);
      const answer = wifiAnswer(said, ssid);
      if (answer?.joined) return;
      if (answer) throw new Error(words.couldNotJoin(ssid, answer.reason));
    }
  } finally {
    clearTimeout(timer);
    reader.releaseLock();
  }
}
