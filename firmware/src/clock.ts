// Device time: uptime since this boot until the gateway's config message gives Unix time; readings
// stamped before that carry uptime and the boot number, and the gateway places them.

export class Clock {
  private _bootAt: number;
  private _offset: number | undefined;

  constructor() {
    this._bootAt = getTime();
    this._offset = undefined;
  }

  uptimeS(): number {
    return Math.floor(getTime() - this._bootAt);
  }

  sync(unixS: number): void {
    this._offset = unixS - getTime();
  }

  /** Unix seconds, or undefined while not synced since boot. */
  nowS(): number | undefined {
    return this._offset === undefined ? undefined : Math.floor(getTime() + this._offset);
  }
}
