// The donors' weekly "all is well", against the real gateway and a real SMTP server on loopback. The
// gateway's clock is driven through a week in Paris while a sensor reports over MQTT day by day; at
// Sunday 18:00 Paris time each donor with a freezer gets one e-mail with her week's figures. A sensor
// silent all week never reads "all is well". A restart after the digest went does not send it again.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { MqttClient } from "mqtt";
import { afterEach, expect, it } from "vitest";
import type { Gateway } from "../../../gateway/app.js";
import { connectDevice, readingsMessage } from "../core/gateway-rig.js";
import { removeDir } from "../core/ingest-rig.js";
import { addPerson, MailServer, PUBLIC_URL, startNotifyingGateway } from "./notify-rig.js";

const HOUR = 3_600_000;
/** Sunday 29 November 2026, 18:00 in Paris (CET, UTC+1): the week begins */
const WEEK_FROM = Date.parse("2026-11-29T17:00:00Z");
/** Sunday 6 December, 18:00 in Paris: the digest is due */
const WEEK_TO = WEEK_FROM + 7 * 24 * HOUR;

const clock = { ms: WEEK_FROM + 10 * 60_000, now: () => clock.ms };
const dataDir = mkdtempSync(join(tmpdir(), "mg-weekly-"));
let mail: MailServer | undefined;
let gw: Gateway | undefined;
const sensors: MqttClient[] = [];

afterEach(async () => {
  for (const s of sensors.splice(0)) await s.endAsync();
  await gw?.close();
  await mail?.close();
  removeDir(dataDir);
});

const start = (m: MailServer) =>
  startNotifyingGateway({
    smtpPort: m.port,
    dataDir,
    clock,
    timeZone: "Europe/Paris",
    notifications: { weeklyDigest: { checkEverySeconds: 0.05 } },
  });

async function donorWithFreezer(g: Gateway, name: string, digest = true) {
  const donor = await addPerson(g, name, "donor", {
    email: `${name}@example.org`,
    ...(digest ? {} : { notifications: { channels: ["email"], weeklyDigest: false } }),
  });
  const unitId = `${name}-freezer`;
  const unitName = `${donor.displayName}'s freezer`;
  g.site.units.put({
    id: unitId,
    name: unitName,
    profileId: "donor-freezer",
    ownerId: donor.id,
    createdAtMs: 0,
  });
  return { donor, unitId };
}

/** sends `points` ([ms, °C]) as a sensor would, in messages of at most 100 readings */
async function report(sensor: MqttClient, deviceId: string, firstSeq: number, points: [number, number][]) {
  for (let i = 0; i < points.length; i += 100) {
    const chunk = points.slice(i, i + 100).map(([ms, c]): [number, number] => [ms / 1000, c]);
    await sensor.publishAsync(`milkguard/${deviceId}/readings`, readingsMessage(firstSeq + i, chunk), {
      qos: 1,
    });
  }
  await gw?.ingest.idle();
}

it("tells each donor her week at Sunday 18:00 her time; a silent sensor is not well; a restart sends nothing twice", async () => {
  mail = await new MailServer().start();
  gw = await start(mail);
  const anna = await donorWithFreezer(gw, "anna");
  const bea = await donorWithFreezer(gw, "bea");
  // Cleo turned the digest off on her Notifications page; Sam is staff, with no freezer of his own
  await donorWithFreezer(gw, "cleo", false);
  await addPerson(gw, "sam", "staff", { email: "sam@milkbank.example" });
  const bag = gw.batches.register(
    {
      ...{ label: "Monday 120 ml", unitId: anna.unitId, donorId: anna.donor.id, volumeMl: 120 },
      ...{ container: "flat-bag", expressedAtMs: clock.ms - 2 * 24 * HOUR },
      ...{ purpose: "donation", processing: "raw" },
    },
    anna.donor.id,
  );

  // Bea's sensor last spoke on Thursday 26 November at 19:00 Paris time, before the week
  const beaSensor = await connectDevice(gw, "bea-probe", bea.unitId);
  sensors.push(beaSensor);
  await report(beaSensor, "bea-probe", 0, [[Date.parse("2026-11-26T18:00:00Z"), -21]]);

  // Anna's reports every hour of the week, day by day as the clock goes: -24.0 to -19.5 °C, and
  // one colder reading just before the week that is not the week's
  const annaSensor = await connectDevice(gw, "anna-probe", anna.unitId);
  sensors.push(annaSensor);
  const week: [number, number][] = Array.from({ length: 168 }, (_, i) => [
    WEEK_FROM + HOUR / 2 + i * HOUR,
    -24 + (i % 10) * 0.5,
  ]);
  week.push([WEEK_TO - 60_000, -21]);
  await report(annaSensor, "anna-probe", 0, [[WEEK_FROM - HOUR / 2, -30]]);
  for (let day = 0; day < 7; day++) {
    clock.ms = WEEK_FROM + (day + 1) * 24 * HOUR - 30_000;
    const today = week.filter(([ms]) => ms <= clock.ms && ms > clock.ms - 24 * HOUR);
    await report(annaSensor, "anna-probe", 1 + week.indexOf(today[0] as [number, number]), today);
    await gw.notifications.idle();
    expect(mail.mails).toEqual([]);
  }

  clock.ms = WEEK_TO + 30_000;
  await expect.poll(() => mail?.mails.length, { timeout: 5000 }).toBe(2);
  await gw.notifications.idle();
  expect(mail.to("sam@milkbank.example")).toEqual([]);
  expect(mail.to("cleo@example.org")).toEqual([]);

  const [annaMail] = mail.to("anna@example.org");
  expect(annaMail?.subject).toBe("MilkGuard weekly: all is well (Anna's freezer)");
  const useBy = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Paris", dateStyle: "medium" }).format(
    gw.site.batches.get(bag.id)?.thaw.useByMs,
  );
  expect(annaMail?.text).toContain("Hello Anna,");
  expect(annaMail?.text).toContain("from Sun 29 Nov, 18:00 to Sun 6 Dec, 18:00");
  expect(annaMail?.text).toContain("Anna's freezer: all is well.");
  expect(annaMail?.text).toContain("- Readings this week: 169, the last on 6 Dec, 17:59.");
  expect(annaMail?.text).toContain("- Air this week: between -24.0 °C and -19.5 °C.");
  expect(annaMail?.text).toContain("- Alerts: none.");
  expect(annaMail?.text).toContain(`  - Monday 120 ml: frozen, use by ${useBy}`);
  expect(annaMail?.text).toContain(`${PUBLIC_URL}/#/notifications`);
  expect(annaMail?.html).toContain(`<a href="${PUBLIC_URL}/#/units/anna-freezer">`);

  const [beaMail] = mail.to("bea@example.org");
  expect(beaMail?.subject).toBe("MilkGuard weekly: Bea's freezer needs a look");
  expect(beaMail?.text).toContain("Bea's freezer: its sensor has not been heard since 26 Nov, 19:00.");
  expect(beaMail?.text).toContain("What to do: Check that the sensor has power");
  expect(beaMail?.text).toContain("- Readings this week: 0.");
  expect(beaMail?.text).not.toContain("all is well");

  const sent = gw.site.audit.list({ subject: `user:${anna.donor.id}` });
  expect(sent.map((a) => a.action)).toContain("notice.sent");

  // a restart five minutes later: the week went, nothing goes again
  for (const s of sensors.splice(0)) await s.endAsync();
  await gw.close();
  clock.ms = WEEK_TO + 5 * 60_000;
  gw = await start(mail);
  gw.notifications.weeklyDigest.due();
  await gw.notifications.idle();
  expect(mail.mails.length).toBe(2);

  // and the next week comes as usual: Anna's sensor has been quiet since
  clock.ms = WEEK_TO + 7 * 24 * HOUR + 30_000;
  gw.notifications.weeklyDigest.due();
  await gw.notifications.idle();
  expect(mail.mails.length).toBe(4);
  expect(mail.to("anna@example.org")[1]?.text).toContain(
    "Anna's freezer: its sensor has not been heard since 6 Dec, 17:59.",
  );
});
