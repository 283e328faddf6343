// What the gateway's config message set (interval, alarm limits), kept in flash so that after a
// power cut with no network the device still samples at that interval and still alarms.
// An enum, not a constants object: the build writes each value where it is used, and a board keeps
// every object and top-level name in RAM (firmware/README.md, "Memory").
enum C {
  FILE = "mg.cfg",
}

export interface Settings {
  interval: number;
  highC?: number;
  lowC?: number;
}

export function loadSettings(storage: EspruinoStorage, fallback: Settings): Settings {
  return (storage.readJSON(C.FILE, true) as Settings | undefined) || fallback;
}

/** Writes only when something changed: the config message is retained and comes on every connect. */
export function saveSettings(storage: EspruinoStorage, now: Settings, before: Settings): void {
  if (now.interval !== before.interval || now.highC !== before.highC || now.lowC !== before.lowC) {
    storage.writeJSON(C.FILE, now);
  }
}
