// What a migration says in the log as it goes: on a big file it takes long enough that someone
// watching the upgrade wants to know how far it has got; a small one is done before anyone would look.

/** a file with fewer readings than this says nothing */
export const QUIET_BELOW_READINGS = 1_000_000;

/** `progress` for work over `readings` readings, or nothing when they are few */
export function progressFor(
  readings: number,
  progress: (message: string) => void,
): (message: string) => void {
  return readings >= QUIET_BELOW_READINGS ? progress : () => {};
}
