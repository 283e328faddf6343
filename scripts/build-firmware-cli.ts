// npm run build:firmware: the upload file of each board (or those asked for), from a sensor's config
// file, with its size and how many days of readings its buffer holds (scripts/build-firmware.ts).
import { BOARDS } from "../firmware/boards.js";
import { buildFirmware } from "./build-firmware.js";
import { commandLine, fail } from "./cli.js";

const USAGE = `usage: npm run build:firmware [-- --config FILE] [--board ESP32,ESP8266]

Builds dist/firmware/<board>.js for each board, within its size budget.
  --config FILE   a sensor's config file (firmware/devices/*.json, or one from the dashboard);
                  default firmware/devices/example.json, whose placeholders build but connect nowhere
  --board LIST    the boards, comma-separated (default all: ${Object.keys(BOARDS).join(", ")})`;

const { values } = commandLine("build:firmware", USAGE, {
  config: { type: "string" },
  board: { type: "string" },
});
const built = await buildFirmware({
  ...(values.config ? { configPath: values.config } : {}),
  ...(values.board ? { boards: values.board.split(",") } : {}),
}).catch((err: unknown) => fail(`build:firmware: ${err instanceof Error ? err.message : String(err)}`));
for (const b of built) {
  const days = ((b.capacity * 5) / 60 / 24).toFixed(1);
  console.log(
    `${b.board.padEnd(8)} ${b.file}  ${b.bytes} bytes (budget ${b.budget})  buffer ${b.capacity} readings = ${days} days at 5 min`,
  );
}
