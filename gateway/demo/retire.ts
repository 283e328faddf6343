// Outside demo mode no demo account or device may work: their passwords are printed in the README.
// A data folder that ran the demo and is then started with a real configuration still holds them, so
// every demo login and demo sensor whose password is still the published one is disabled, with one
// audit line and one warning that says what was done and what to do. They are not deleted: their
// units, bags and audit lines keep naming them. Starting in demo mode again gives them back (seed.ts).

import { verifyPassword } from "../auth/passwords.js";
import { DISABLED_PASSWORD, isDisabled } from "../auth/users.js";
import type { Clock } from "../clock.js";
import { verifyDeviceSecret } from "../devices/secret.js";
import type { Logger } from "../log.js";
import type { SiteStore } from "../store/site-store.js";
import { DEMO_UNITS, DEMO_USERS, demoDeviceId, demoDevicePassword, RETIRED_DEVICE_SECRET } from "./seed.js";

export interface Retired {
  logins: string[];
  devices: string[];
}

async function stillDemoLogins(site: SiteStore): Promise<string[]> {
  const found = await Promise.all(
    DEMO_USERS.map(async (demo) => {
      const user = site.users.byName(demo.name);
      if (!user || isDisabled(user)) return [];
      return (await verifyPassword(demo.password, user.passwordHash)) ? [user.name] : [];
    }),
  );
  return found.flat();
}

async function stillDemoDevices(site: SiteStore): Promise<string[]> {
  const found = await Promise.all(
    DEMO_UNITS.map(async (unit) => {
      const device = site.devices.get(demoDeviceId(unit.id));
      if (!device) return [];
      return (await verifyDeviceSecret(demoDevicePassword(unit.id), device.secretHash)) ? [device.id] : [];
    }),
  );
  return found.flat();
}

export async function retireDemoAccounts(site: SiteStore, clock: Clock, log: Logger): Promise<Retired> {
  const retired = { logins: await stillDemoLogins(site), devices: await stillDemoDevices(site) };
  if (retired.logins.length === 0 && retired.devices.length === 0) return retired;
  site.transaction(() => {
    for (const name of retired.logins) {
      const user = site.users.byName(name);
      if (user) site.users.put({ ...user, passwordHash: DISABLED_PASSWORD });
    }
    for (const id of retired.devices) {
      const device = site.devices.get(id);
      if (device) site.devices.put({ ...device, secretHash: RETIRED_DEVICE_SECRET });
    }
    site.audit.append({
      atMs: clock.now(),
      actor: "gateway",
      action: "demo.retired",
      subject: "site:demo",
      details: { ...retired },
    });
  });
  log.warn(
    "demo mode is off, but this data folder held the demo's logins and sensors with their published " +
      "passwords: they are disabled now and can no longer sign in or connect (their units, bags and " +
      "audit lines stay). Sign in with an account you created; to use this folder as a demo again, " +
      "start with demo.enabled: true; for a site with no demo data at all, start on an empty dataDir.",
    { ...retired },
  );
  if (!site.users.list().some((u) => u.role === "admin" && !isDisabled(u))) {
    log.warn("no admin account can sign in any more: only the demo's admin existed in this data folder");
  }
  return retired;
}
