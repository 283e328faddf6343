// Wall-clock time for the gateway's I/O side (the rules take time as input and never call this):
// one seam, so a test or the firmware simulation sets the gateway's time.

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
