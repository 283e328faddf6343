// What ingest learns about each device (sequences, last seen, online) kept in memory and written to
// the site store in one transaction a second, not one write per message: a device record is small
// and a late write only means a few readings are received twice after a crash, which dedupe absorbs.
import type { SiteStore } from "../store/site-store.js";
import { DeviceSequences } from "./sequences.js";

interface Live {
  sequences: DeviceSequences;
  lastSeenMs?: number;
  online?: boolean;
  board?: string;
}

export class DeviceState {
  private readonly live = new Map<string, Live>();
  private readonly dirty = new Set<string>();

  constructor(private readonly site: SiteStore) {}

  /** The device's state, loaded from the store on first use; undefined for an unknown device. */
  get(deviceId: string): Live | undefined {
    let entry = this.live.get(deviceId);
    if (entry) return entry;
    const device = this.site.devices.get(deviceId);
    if (!device) return undefined;
    entry = { sequences: new DeviceSequences(device.ackedUpTo) };
    this.live.set(deviceId, entry);
    return entry;
  }

  touch(deviceId: string, change: Omit<Partial<Live>, "sequences">): void {
    const entry = this.get(deviceId);
    if (!entry) return;
    Object.assign(entry, change);
    this.dirty.add(deviceId);
  }

  /** Writes what changed since the last flush; reads each record fresh so others' edits are kept. */
  flush(): string[] {
    if (this.dirty.size === 0) return [];
    const ids = [...this.dirty];
    this.dirty.clear();
    this.site.transaction(() => {
      for (const id of ids) {
        const device = this.site.devices.get(id);
        const entry = this.live.get(id);
        if (!device || !entry) continue;
        this.site.devices.put({
          ...device,
          ackedUpTo: Math.max(device.ackedUpTo, entry.sequences.upTo),
          ...(entry.lastSeenMs === undefined ? {} : { lastSeenMs: entry.lastSeenMs }),
          ...(entry.online === undefined ? {} : { online: entry.online }),
          ...(entry.board === undefined ? {} : { board: entry.board }),
        });
      }
    });
    return ids;
  }
}

/** At start no device is connected yet, whatever the store says from before a crash. */
export function markAllOffline(site: SiteStore): void {
  const online = site.devices.list().filter((d) => d.online);
  if (online.length === 0) return;
  site.transaction(() => {
    for (const device of online) site.devices.put({ ...device, online: false });
  });
}
