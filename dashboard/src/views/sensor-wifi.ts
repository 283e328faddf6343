// "Connect my sensor to Wi-Fi": a donor sets her home Wi-Fi on the sensor the milk bank flashed, with
// its USB cable in this computer, through Chromium's Web Serial. The page types the same line as
// `npm run wifi` on the sensor's console (firmware/wifi-console.ts) and shows what the sensor answers.
import { wifiAnswer, wifiCommand } from "../../../firmware/wifi-console.js";
import { el, field } from "../dom.js";
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
  root.append(
    el("h1", {}, "Connect my sensor to Wi-Fi"),
    el(
      "ol",
      {},
      el("li", {}, "Plug the sensor into this computer with its USB cable."),
      el("li", {}, "Type your Wi-Fi's name and password, as your phone uses them."),
      el("li", {}, "Press Connect, and pick the sensor in the list (often “USB Serial” or “CP2102”)."),
    ),
    serial
      ? wifiForm(serial)
      : el(
          "p",
          { role: "alert" },
          "This page needs Chrome or Edge on a computer. Or ask your milk bank: they can set your Wi-Fi on the sensor for you.",
        ),
  );
}

function wifiForm(serial: Serial): HTMLFormElement {
  const ssid = el("input", { name: "ssid", required: true, autocomplete: "off" });
  const password = el("input", { name: "password", type: "password", autocomplete: "off" });
  const status = el("p", { role: "status" });
  const form = el(
    "form",
    {},
    field("Wi-Fi name", ssid),
    field("Wi-Fi password", password),
    el("button", { type: "submit" }, "Connect"),
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
        status.textContent = "Talking to the sensor…";
        await setWifi(port, ssid.value, password.value);
        status.textContent = `✓ The sensor joined ${ssid.value}. Unplug it, put it by the freezer and plug it into its charger: it shows “online” within a minute.`;
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
  let said = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done)
        throw new Error(
          "The sensor did not answer. Is it a MilkGuard sensor? Unplug it, plug it back and try again.",
        );
      said += decoder.decode(value, { stream: true });
      if (said.includes("mgWifi") && said.includes("not defined"))
        throw new Error("This sensor's program is too old to set Wi-Fi: ask your milk bank.");
      const answer = wifiAnswer(said, ssid);
      if (answer?.joined) return;
      if (answer)
        throw new Error(`The sensor could not join ${ssid} (${answer.reason}): check the name and password.`);
    }
  } finally {
    clearTimeout(timer);
    reader.releaseLock();
  }
}
