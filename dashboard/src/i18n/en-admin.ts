// The words of the admin's pages (people, units, sensors) and the quarantine in English (en.ts
// gathers them; fr-admin.ts is typed against this).

import type { StorageProfile } from "../../../shared/api/answers.js";
import { PASSWORD_RULE } from "../../../shared/api/password-rule.js";
import type { User } from "../types.js";
import type { Plural } from "./en.js";

export const adminEn = {
  title: "Admin",
  sections: {
    users: ["People", "staff, couriers and donors: their role, e-mail and phone, passwords"],
    units: ["Units", "freezers, fridges and cool boxes, with their limits"],
    devices: ["Sensors", "adding a sensor and its config file, new secrets, retiring"],
  } satisfies Record<string, [title: string, what: string]>,
};

export const devicesEn = {
  title: "Sensors",
  download: "Download config file",
  qrOf: (file: string) => `QR code of ${file}`,
  secretsOf: (id: string) => `Secrets of ${id}`,
  secretsTitle: (id: string) => `Sensor ${id}: its secrets, shown this once`,
  keepFile: "Keep the file until the sensor is flashed; the gateway keeps only a hash of the password.",
  password: "Password",
  hmacKey: "HMAC key",
  broker: "Broker",
  thenFlash: "Then, with the board on USB: ",
  retired: "retired",
  newSecrets: "New secrets",
  retireConfirm: (id: string) => `Retire sensor ${id}? It can no longer connect; its readings stay.`,
  retire: "Retire",
  columns: [
    "Sensor",
    "Unit",
    "Board",
    "Firmware",
    "State",
    "Last heard",
    "Battery",
    "Signal",
    "Dropped readings",
    "Actions",
  ],
  online: "● online",
  offline: "○ offline",
  never: "never",
  add: "Add a sensor",
  unit: "Unit",
  board: "Board",
  name: "Sensor name",
  namePlaceholder: "made up when left empty",
  nameHint: "a-z, 0-9 and '-'; it is part of the MQTT topics",
  addButton: "Add the sensor",
};

export const unitsEn = {
  title: "Units",
  limits: {
    warningHighC: "Warning above",
    criticalHighC: "Critical above",
    lowC: "Too cold below",
    alarmDelayMin: "Alarm after, minutes",
    hysteresisC: "Clears this far inside",
    intervalS: "A reading every, seconds",
    silentAfterMin: "Silence expected up to, minutes",
  } satisfies Partial<Record<keyof StorageProfile, string>>,
  limitColumns: ["Limit", "Value", "Source"],
  limitsOf: (profile: string) => `Limits of ${profile}`,
  columns: ["Unit", "Profile", "Owner"],
  theSite: "the site",
  theSiteBank: "the site (milk bank)",
  add: "Add a unit",
  name: "Name",
  nameHint: "e.g. Chest freezer 2, Anna's freezer",
  profile: "Profile",
  owner: "Owner",
  ownerHint: "a donor sees only her own units",
  addButton: "Add",
};

export const usersEn = {
  title: "People",
  roles: {
    admin: "Admin",
    staff: "Milk bank staff",
    courier: "Courier",
    donor: "Donor",
  } satisfies Record<User["role"], string>,
  passwordRule: PASSWORD_RULE,
  add: "Add a person",
  signInName: "Name to sign in with",
  shownName: "Name shown",
  role: "Role",
  email: "E-mail for notices",
  phone: "Phone for text messages",
  phoneHint: "with its country code, e.g. +447700900123",
  password: "Password",
  addButton: "Add",
  change: (name: string) => `Change ${name}`,
  save: "Save",
  newPasswordFor: (name: string) => `New password for ${name}`,
  newPassword: "New password",
  newPasswordHint: "Their sessions end; a disabled account opens again.",
  setPassword: "Set password",
  disableFor: (name: string) => `Disable ${name}`,
  disable: "Disable account",
  disableConfirm: (name: string) => `Disable ${name}? They are signed out and cannot sign in.`,
  columns: ["Name", "Shown as", "Role", "E-mail", "Phone", "Account", "Actions"],
  disabled: "disabled",
  canSignIn: "can sign in",
};

export const quarantineEn = {
  title: "Quarantine",
  intro:
    "Readings the sensors sent that MilkGuard refused. They are kept here, not in the charts or the rules, until they are released.",
  reasons: {
    future_time: "Time in the future: the sensor's clock ran ahead",
    before_earliest_time: "Time before 2026: the sensor's clock was not set",
    uptime_of_other_boot: "Timed by an earlier start of the sensor: cannot be placed",
  } as Partial<Record<string, string>>,
  unreadable: (reason: string) => `Value it cannot read (${reason})`,
  allSensors: "all sensors",
  everyReason: "every reason",
  noneWaiting: "✓ No refused readings are waiting.",
  waiting: { one: "⚠ # refused reading waiting: ", other: "⚠ # refused readings waiting: " } as Plural,
  overflow: (sensor: string, count: number, last: string) =>
    `‼ Sensor ${sensor}: ${count} more refused readings were not kept (its quarantine was full), the last ${last}.`,
  nothing: "Nothing here.",
  release: "Release",
  columns: ["Received", "Sensor", "Unit", "No.", "Why", "Its time", "As sent"],
  releaseOne: (id: number) => `release reading ${id}`,
  sensor: "Sensor",
  why: "Why",
  show: "Show",
  offset: "Clock correction (seconds)",
  offsetHint: "added to each reading's time: -86400 for a clock a day ahead",
  comment: "Comment",
  commentPlaceholder: "why these may be released",
  releaseButton: "Release ticked readings",
  tickFirst: "Tick the readings to release first.",
  released: { other: "✓ # released and stored; the rules take them as late readings." } as Plural,
  /** {whys}: why they stay, in words */
  stay: { other: " # stay: {whys}." } as Plural,
};
