// Publish -> e-mail received: under a steady 5,000 readings/s, probes each tip a donor's freezer over
// its alarm delay with one reading over MQTT; the gateway routes the alert to her and sends it through
// a real SMTP server on loopback (smtp-server), which notes when each mail arrived. One donor a probe:
// alerts to one person within notifications.gatherSeconds go as a digest, which is not what is timed.
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { createUser } from "../gateway/auth/users.js";
import { startBenchGateway } from "./bench-gateway.js";
import { connectDevices, quantiles, readingsText, seedDevices, steadyLoad } from "./gateway.js";

const PUBLISHERS = 20;
const PROBES = 100;
const RATE = 5_000;
/** between one probe's alert and the next: a burst would measure the queue, not one notice */
const PROBE_EVERY_MS = 100;
const WAIT_FOR_MAIL_MS = 60_000;

export async function run(): Promise<Record<string, number>> {
  const arrived = new Map<string, number>();
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, done) {
      simpleParser(stream)
        .then((mail) => {
          const unit = /bench-unit-\d+/.exec(mail.subject ?? "")?.[0];
          if (unit && !arrived.has(unit)) arrived.set(unit, performance.now());
          done();
        })
        .catch(done);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  const smtpPort = (smtp.server.address() as { port: number }).port;
  const { gw, remove } = await startBenchGateway(undefined, {
    notifications: {
      email: { host: "127.0.0.1", port: smtpPort, tls: "none", from: "bench@milkguard.example" },
    },
  });
  try {
    seedDevices(gw, PUBLISHERS + PROBES);
    for (let i = PUBLISHERS; i < PUBLISHERS + PROBES; i++) {
      const donor = await createUser(gw.site, {
        ...{ name: `donor-${i}`, displayName: `Donor ${i}`, role: "donor" },
        password: "bench-password-long",
      });
      gw.site.users.put({ ...donor, email: `donor-${i}@example.org` });
      const unit = gw.site.units.get(`bench-unit-${i}`);
      if (unit) gw.site.units.put({ ...unit, ownerId: donor.id });
    }
    const clients = await connectDevices(gw, PUBLISHERS + PROBES);
    const probes = clients.slice(PUBLISHERS);
    const profile = gw.catalog.profile("home-freezer");
    if (!profile) throw new Error("no home-freezer profile");
    const hot = profile.criticalHighC.value + 5;
    const nowS = Math.floor(Date.now() / 1000);
    const topic = (i: number) => `milkguard/bench-${PUBLISHERS + i}/readings`;
    // each probe unit has been too warm for its whole alarm delay, bar the reading that completes it
    const delayS = profile.alarmDelayMin.value * 60;
    await Promise.all(
      probes.map((c, i) => c.publishAsync(topic(i), readingsText(0, hot, nowS - delayS), { qos: 1 })),
    );
    await gw.ingest.idle();

    const sentAt = new Map<string, number>();
    const stop = steadyLoad(clients.slice(0, PUBLISHERS), RATE, (i) => `milkguard/bench-${i}/readings`);
    for (let i = 0; i < probes.length; i++) {
      await new Promise((resolve) => setTimeout(resolve, PROBE_EVERY_MS));
      sentAt.set(`bench-unit-${PUBLISHERS + i}`, performance.now());
      probes[i]?.publish(topic(i), readingsText(1, hot, nowS + 1), { qos: 1 });
    }
    const deadline = performance.now() + WAIT_FOR_MAIL_MS;
    while (arrived.size < probes.length && performance.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    await stop();
    await Promise.all(clients.map((c) => c.endAsync(true)));
    const latencies = [...sentAt].flatMap(([unit, t0]) => {
      const t1 = arrived.get(unit);
      return t1 === undefined ? [] : [t1 - t0];
    });
    const { p50, p99 } = quantiles(latencies);
    return {
      [`publish->e-mail received p50 ms @${RATE}/s`]: Number(p50.toFixed(1)),
      [`publish->e-mail received p99 ms @${RATE}/s (goal < 60,000)`]: Number(p99.toFixed(1)),
      "mails received of probes": latencies.length,
      probes: probes.length,
    };
  } finally {
    await gw.close();
    remove();
    await new Promise((resolve) => smtp.close(() => resolve(undefined)));
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) console.table(await run());
