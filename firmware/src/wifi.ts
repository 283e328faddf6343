// The Wi-Fi a sensor joins: the one set on the board (mgWifi, typed on its USB console by
// `npm run wifi` or the dashboard's "Connect my sensor to Wi-Fi" page) before the one it was built
// with, so a donor's home Wi-Fi need not be known when the milk bank flashes it.
// An enum, not a constants object: the build writes each value where it is used (firmware/README.md).
enum C {
  FILE = "mg.wifi",
  RETRY_MS = 30000,
}

export interface WifiSettings {
  ssid: string;
  password: string;
}

/**
 * Joins the Wi-Fi set on the board, else the built-in one, retrying every 30 s, and calls `then` once
 * on the first join (with neither set, at once: the simulation's sensors reach the broker directly).
 * Defines `mgWifi(ssid, password)` for the console: it saves the network in Storage, where the next
 * boot finds it, and joins it now.
 */
export function joinWifi(
  storage: EspruinoStorage,
  builtIn: WifiSettings | undefined,
  then: () => void,
): void {
  let started = false;
  let retry: number | undefined;
  const attempt = () => {
    retry = undefined;
    const wifi = (storage.readJSON(C.FILE, true) as WifiSettings | undefined) || builtIn;
    if (!wifi) {
      then();
      return;
    }
    require("Wifi").connect(wifi.ssid, { password: wifi.password }, (err: string | null) => {
      // the console's caller waits for one of these two lines
      console.log(err ? `Wi-Fi ${wifi.ssid} failed: ${err}` : `Wi-Fi ${wifi.ssid} connected`);
      if (err) {
        // one retry at a time, even while an attempt from before mgWifi is still out
        if (retry === undefined) retry = setTimeout(attempt, C.RETRY_MS);
        return;
      }
      if (!started) then();
      started = true;
    });
  };
  global.mgWifi = (ssid: string, password: string) => {
    storage.writeJSON(C.FILE, { ssid, password });
    if (retry !== undefined) clearTimeout(retry);
    attempt();
  };
  // Like the broker's, the first attempt runs after boot, never on the boot code's stack.
  setTimeout(attempt, 0);
}
