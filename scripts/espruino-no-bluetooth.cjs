// EspruinoTools loads every file of its core/ folder, its Bluetooth modules too, and those connect to
// D-Bus at the first port look-up: on a machine without D-Bus (a server, a container) an upload over
// serial dies with "ENOENT /var/run/dbus/system_bus_socket" before it tries the port. `node -r` this
// file before its CLI and they are not loaded; `npm run flash -- --ble` leaves it out.
const fs = require("node:fs");

const BLUETOOTH = new Set(["serial_noble.js", "serial_node_ble.js", "serial_web_bluetooth.js"]);
const readdirSync = fs.readdirSync;
fs.readdirSync = function readdirWithoutBluetooth(dir, ...rest) {
  const names = readdirSync.call(this, dir, ...rest);
  return String(dir).replaceAll("\\", "/").endsWith("/espruino/core")
    ? names.filter((name) => !BLUETOOTH.has(String(name)))
    : names;
};
