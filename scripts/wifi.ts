// npm run wifi -- --ssid NAME [--port /dev/ttyUSB0]: sets the Wi-Fi of a sensor plugged in over USB,
// after the milk bank flashed it, without building or flashing anything. Types one line on the
// board's console (firmware/wifi-console.ts), the password not echoed back, and waits for the board
// to say whether it joined. The password is asked for (not shown) unless given as a flag.
import { existsSync } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import { wifiAnswer, wifiCommand } from "../firmware/wifi-console.js";
import { commandLine, fail, prompt } from "./cli.js";

const USAGE = `usage: npm run wifi -- --ssid NAME [--port /dev/ttyUSB0] [--password TEXT]

Sets the Wi-Fi a flashed sensor joins (kept on the sensor, used at every start), over its USB cable.
  --ssid NAME       the Wi-Fi's name, as a phone lists it
  --password TEXT   its password (asked for, not shown, when left out)
  --port PORT       the sensor's serial port (default /dev/ttyUSB0)`;

/** Joining takes a few seconds; a sensor out of the network's reach says so within about 15. */
const ANSWER_WITHIN_MS = 45_000;
/** What the board's Wi-Fi says of a network it cannot see. */
const NOT_IN_REACH = "no_ap_found";
/** Espruino's USB console speed on the ESP32 and the ESP8266. */
const BAUD = 115200;

const { values } = commandLine("wifi", USAGE, {
  ssid: { type: "string" },
  password: { type: "string" },
  port: { type: "string" },
});

const ssid = values.ssid ?? fail("wifi: say which Wi-Fi: --ssid NAME; see --help", 2);
const port = values.port ?? "/dev/ttyUSB0";
if (!existsSync(port)) fail(`no board found on ${port}; plug it in or pass --port`);
if (values.password === undefined && !process.stdin.isTTY)
  fail("wifi: pass --password (no terminal to ask on)", 2);
const password = values.password ?? (await prompt(`Password of ${ssid}: `, { hidden: true }));

// EspruinoTools brings the serial port module (as for npm run flash)
const { SerialPort } = await import("serialport");
const serial = new SerialPort({ path: port, baudRate: BAUD, autoOpen: false });
await new Promise<void>((resolve) =>
  serial.open((err) => (err ? fail(`wifi: cannot open ${port}: ${err.message}`) : resolve())),
);
// the line goes out as UTF-8 (a network named "Café" too), and its answer comes back so
const decoder = new StringDecoder("utf8");
let said = "";
const timer = setTimeout(
  () => fail(`no answer from a MilkGuard sensor on ${port} within ${ANSWER_WITHIN_MS / 1000} s`),
  ANSWER_WITHIN_MS,
);
serial.on("data", (chunk: Buffer) => {
  said += decoder.write(chunk);
  if (said.includes("mgWifi") && said.includes("not defined"))
    fail(`wifi: the sensor on ${port} has older firmware that cannot set Wi-Fi: flash it with npm run flash`);
  const answer = wifiAnswer(said, ssid);
  if (!answer) return;
  clearTimeout(timer);
  serial.close();
  if (answer.joined)
    console.log(`the sensor joined ${ssid} and keeps it; it shows online in the dashboard within a minute`);
  // set at the milk bank, away from the donor's home: kept, and joined once it is in reach
  else if (answer.reason === NOT_IN_REACH)
    console.log(`the sensor keeps ${ssid}; it does not see it here, and joins it where it is in reach`);
  else fail(`the sensor could not join ${ssid}: ${answer.reason}; check the name and password`);
});
// Ctrl-C first clears anything half-typed on the console
serial.write(`\x03${wifiCommand(ssid, password)}`);
