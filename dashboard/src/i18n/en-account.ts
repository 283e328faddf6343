// The words of a person's own pages in English: signing in, the first admin, connecting a sensor to
// Wi-Fi, notifications; and what the page says when the gateway refuses or cannot be reached (en.ts
// gathers them; fr-account.ts is typed against this).
import type { PersonalChannel } from "../../../shared/api/notifications.js";
import type { Plural } from "./en.js";

export const loginEn = {
  signIn: "Sign in",
  name: "Name",
  password: "Password",
  welcome: "Sign in to see your milk.",
};

export const setupEn = {
  form: "Create the first admin",
  name: "Name to sign in with",
  shownName: "Name shown to others",
  shownNameHint: "e.g. Nora Jones, milk bank manager",
  password: "Password",
  again: "Password again",
  create: "Create the admin",
  differ: "The two passwords differ.",
  title: "Set up MilkGuard",
  intro:
    "This site has no admin yet. The admin adds the freezers, fridges and cool boxes, the sensors " +
    "in them, and the people: staff, couriers and donors. This link works once, for an hour.",
};

export const wifiEn = {
  title: "Connect my sensor to Wi-Fi",
  steps: [
    "Plug the sensor into this computer with its USB cable.",
    "Type your Wi-Fi's name and password, as your phone uses them.",
    "Press Connect, and pick the sensor in the list (often “USB Serial” or “CP2102”).",
  ],
  needsChrome:
    "This page needs Chrome or Edge on a computer. Or ask your milk bank: they can set your Wi-Fi on the sensor for you.",
  name: "Wi-Fi name",
  password: "Wi-Fi password",
  connect: "Connect",
  talking: "Talking to the sensor…",
  joined: (ssid: string) =>
    `✓ The sensor joined ${ssid}. Unplug it, put it by the freezer and plug it into its charger: it shows “online” within a minute.`,
  noAnswer: "The sensor did not answer. Is it a MilkGuard sensor? Unplug it, plug it back and try again.",
  tooOld: "This sensor's program is too old to set Wi-Fi: ask your milk bank.",
  couldNotJoin: (ssid: string, reason: string) =>
    `The sensor could not join ${ssid} (${reason}): check the name and password.`,
};

export const notificationsEn = {
  title: "Notifications",
  intro: "Where MilkGuard tells you of an alert. A critical alert always comes at once, quiet hours or not.",
  channels: {
    email: "E-mail",
    sms: "Text message (SMS)",
    push: "Phone notification",
  } satisfies Record<PersonalChannel, string>,
  notOffered: " (not set up on this site)",
  phonePlaceholder: "+447700900123",
  sendBy: "Send alerts by",
  email: "E-mail address",
  phone: "Mobile number",
  phoneHint: "with its country code, for text messages",
  quietHours: "Quiet hours",
  holdWarnings: " Hold warnings overnight (critical alerts still come)",
  from: "From",
  until: "Until",
  save: "Save",
  saved: "✓ Saved.",
  thisDevice: "On this phone or computer",
  cannotPush:
    "This browser cannot show MilkGuard's notices. On an iPhone, add MilkGuard to the home screen first (Share, Add to Home Screen) and open it from there.",
  turnOff: "Turn off on this device",
  turnOn: "Turn on on this device",
  comeHere: "✓ Notices come to this device.",
  notHere: "Notices do not come to this device.",
  devices: { one: "# device in all.", other: "# devices in all." } as Plural,
  blocked: "Notifications are blocked for this site in the browser's settings.",
  couldNotChange: (why: string) => `Could not change it: ${why}`,
  noKeys: "the browser gave no push keys",
  sendTest: "Send me a test",
  onItsWay: (channel: string, to: string) => `✓ ${channel} to ${to}: on its way`,
  chooseFirst: "Choose a channel first.",
};

export const siteSettingsEn = {
  title: "This site's settings",
  intro: "Set in the configuration file (docs/notifications.md); secrets are never shown.",
  columns: ["Setting", "Value"],
  set: "set",
  notSet: "not set",
  notSetUp: "not set up",
  none: "none",
  nothing: "nothing",
  links: "Links in notices start with",
  timeZone: "Time zone (quiet hours, rota)",
  ackLinks: "Acknowledge links work for",
  ackHours: (hours: number) => `${hours} h, once`,
  email: "E-mail",
  emailValue: (server: string, from: string, login: string, password: string) =>
    `${server}, from ${from}, login ${login}, password ${password}`,
  sms: "SMS",
  twilio: (account: string, from: string, token: string) =>
    `Twilio, account ${account}, from ${from}, token ${token}`,
  http: (url: string, headers: string) => `HTTP ${url}, headers ${headers}`,
  webhook: "Webhook",
  step: (n: number, name: string) => `Escalation step ${n}: ${name}`,
  pending: "Waiting to be sent",
};

/** what the page says when the gateway refuses or cannot be reached */
export const errorsEn = {
  /**
   * the words for each of the gateway's error codes (docs/errors.md), in a language the gateway does
   * not write; null where its own sentences, which name the bag or field at fault, can be shown as
   * they are (it writes English)
   */
  codes: null as Partial<Record<string, string>> | null,
  unreachable: "Cannot reach the gateway: is it running?",
  unknown: "Something went wrong",
};
