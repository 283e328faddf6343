// Time zones by their IANA names, checked by the platform's own time zone data (Intl), so a site
// never needs a library that lags behind the tz database Node ships.

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    // RangeError is Intl's only answer to an unknown zone
    return false;
  }
}

/** the zone the machine runs in (TZ or the system's setting): a site's default */
export function machineTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
