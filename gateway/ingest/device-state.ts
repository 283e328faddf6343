// What ingest learns about each device (sequences, last seen, online) kept in memory and written to
// the site store in one transaction a second, not one write per message: a late last-seen time costs
// nothing. Neither waits for the disk: what a power cut loses, the device's next message says again
// (and every device is offline at start); an fsync per turn of a reconnect storm's births took a tenth
// of the gateway's time. The ack position is the exception: it is written before the device is told
// (persistAcks, with the rest of the device's state), because after a crash a stored position behind
// the device's own would count every reading acked since as lost (a sequence gap) although all of
// them are stored.
import type { Device } from "../store/records.js";
import type { SiteStore } from "../store/site-store.js";
import { DeviceSequences } from "./sequences.js";

interface Live {
  sequences: DeviceSequences;
  /** the ack position the site store holds */
  savedUpTo: number;
  lastSeenMs?: number;
  online?: boolean;
  board?: string;
  firmware?: string;
  rssiDbm?: number;
  droppedReadings?: number;
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
    entry = { sequences: new DeviceSequences(device.ackedUpTo), savedUpTo: device.ackedUpTo };
    this.live.set(deviceId, entry);
    return entry;
  }

  /**
   * Writes the state of these devices whose ack position moved, position included, in one
   * transaction, and returns each device's position to send (only a position on disk is ever told to
   * a device) and the records written. Throws when the store cannot write (no ack then; the device
   * sends again and dedupe absorbs it).
   */
  persistAcks(deviceIds: Iterable<string>): { positions: Map<string, number>; written: Device[] } {
    const positions = new Map<string, number>();
    const moved: string[] = [];
    for (const id of deviceIds) {
      const entry = this.live.get(id);
      if (!entry) continue;
      if (entry.sequences.upTo > entry.savedUpTo) moved.push(id);
      positions.set(id, entry.sequences.upTo);
    }
    // the rest of what changed goes in the same write: the position alone, and the rest at the next
    // flush, wrote each device's record twice for most messages of a reconnect storm
    return { positions, written: moved.length === 0 ? [] : this.write(moved) };
  }

  touch(deviceId: string, change: Omit<Partial<Live>, "sequences" | "savedUpTo">): void {
    const entry = this.get(deviceId);
    if (!entry) return;
    Object.assign(entry, change);
    this.dirty.add(deviceId);
  }

  /**
   * Writes what changed since the last flush (of `only` these devices, when given) and returns the
   * records written.
   */
  flush(only?: string[]): Device[] {
    return this.write(only ? only.filter((id) => this.dirty.has(id)) : [...this.dirty]);
  }

  /** Writes these devices' state and returns the records; reads each fresh so others' edits are kept. */
  private write(ids: string[]): Device[] {
    if (ids.length === 0) return [];
    const written: Device[] = [];
    // not fsynced: a power cut may lose the newest positions, the next batch then counts a gap that
    // is not one; the readings themselves were fsynced by their own commit
    this.site.transactionWithoutFsync(() => {
      for (const id of ids) {
        const device = this.site.devices.get(id);
        const entry = this.live.get(id);
        if (!device || !entry) continue;
        entry.savedUpTo = Math.max(device.ackedUpTo, entry.sequences.upTo);
        const record: Device = {
          ...device,
          ackedUpTo: entry.savedUpTo,
          ...(entry.lastSeenMs === undefined ? {} : { lastSeenMs: entry.lastSeenMs }),
          ...(entry.online === undefined ? {} : { online: entry.online }),
          ...(entry.board === undefined ? {} : { board: entry.board }),
          ...(entry.firmware === undefined ? {} : { firmware: entry.firmware }),
          ...(entry.rssiDbm === undefined ? {} : { rssiDbm: entry.rssiDbm }),
          ...(entry.droppedReadings === undefined ? {} : { droppedReadings: entry.droppedReadings }),
        };
        this.site.devices.put(record);
        written.push(record);
      }
    });
    // only once written: a store that refused (locked, disk full) gets them again at the next flush
    for (const id of ids) this.dirty.delete(id);
    return written;
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
