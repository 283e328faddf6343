// Device time: uptime since this boot until the gateway's config message gives Unix time; readings
// stamped before that carry uptime and the boot number, and the gateway places them.

export class Clock {
  private bootAt: number;
  private offset: number | undefined;

  constructor() {
    this.bootAt = getTime();
    this.offset = undefined;
  }

  uptimeS(): number {
    return Math.floor(getTime() - this.bootAt);
  }

  sync(unixS: number): void {
    this.offset = unixS - getTime();
  }

  /** Unix seconds, or undefined while not synced since boot. */
  nowS(): number | undefined {
    return this.offset === undefined ? undefined : Math.floor(getTime() + this.offset);
  }
}
