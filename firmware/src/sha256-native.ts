// SHA-256 from the board's built-in `crypto` module (ESP32, ESP8266, Puck.js, Pixl.js all have it):
// the build puts this in place of shared/protocol/sha256.ts, saving ~1.9 KB of code in RAM and the
// seconds a JavaScript SHA-256 of a 4 KB batch would take on an interpreter.
export { toHex } from "../../shared/protocol/sha256.js";

/** The 32-byte digest as a binary string. */
export function sha256(message: string): string {
  // biome-ignore lint/style/useNodejsImportProtocol: Espruino's built-in module, not Node's
  return E.toString(new Uint8Array(require("crypto").SHA256(message)));
}
