// The one line typed on a sensor's USB console to set its Wi-Fi (firmware/src/wifi.ts, mgWifi):
// shared by `npm run wifi` and the dashboard's "Connect my sensor to Wi-Fi" page.

/** DLE first: Espruino does not echo the line, so the password does not come back on the console. */
export function wifiCommand(ssid: string, password: string): string {
  return `\x10mgWifi(${JSON.stringify(ssid)},${JSON.stringify(password)})\n`;
}

/** The console's answer to that line: "Wi-Fi NAME connected" or "Wi-Fi NAME failed: REASON". */
export function wifiAnswer(
  text: string,
  ssid: string,
): { joined: true } | { joined: false; reason: string } | undefined {
  for (const line of text.split(/\r?\n/)) {
    if (line === `Wi-Fi ${ssid} connected`) return { joined: true };
    if (line.startsWith(`Wi-Fi ${ssid} failed: `))
      return { joined: false, reason: line.substring(`Wi-Fi ${ssid} failed: `.length) };
  }
  return undefined;
}
