// A reconnect storm of the size CI can afford (issue 17): 2,000 devices, each with 100 readings
// buffered, all connecting in the same moment from a process of their own, against the real gateway in
// another. New sessions are admitted at a rate below the storm's, so some CONNECTs must be refused
// with CONNACK 3 and counted; the devices retry after their back-off, and the gateway neither dies
// nor loses or doubles a reading. The full-size storm and its timings: `npm run bench -- scale`.
import { expect, it } from "vitest";
import { runStorm } from "./storm.js";

const DEVICES = 2_000;
const READINGS = 100;
/** well below how fast the gateway takes CONNECTs in: the rest must wait their turn */
const NEW_SESSIONS_PER_SECOND = 150;
/** shorter than the firmware's (2 s to 300 s), so that the test takes seconds, not minutes */
const BACKOFF = { minS: 1, maxS: 8 };

it("2,000 devices reconnecting at once, over the admission rate: the gateway lives, the extra CONNECTs are refused as server unavailable and counted, and every reading is stored once", async () => {
  const storm = await runStorm({
    devices: DEVICES,
    readingsPerDevice: READINGS,
    mqtt: { newSessionsPerSecond: NEW_SESSIONS_PER_SECOND },
    backoff: BACKOFF,
    giveUpMs: 100_000,
  });

  expect(storm.crash).toBeNull();
  expect(storm.devices?.drainedMs).not.toBeNull();
  expect(storm.stored).toBe(DEVICES * READINGS);
  const refusedAsUnavailable = storm.devices?.refused["3"] ?? 0;
  expect(refusedAsUnavailable).toBeGreaterThan(0);
  expect(Object.keys(storm.devices?.refused ?? {})).toEqual(["3"]);
  // a device that gave up waiting for its CONNACK (a loaded CI machine) never sees the refusal the
  // gateway still counts when it comes to that CONNECT
  expect(storm.sessionsRefused).toBeGreaterThanOrEqual(refusedAsUnavailable);
  expect(storm.sessionsRefused).toBeLessThanOrEqual(
    refusedAsUnavailable + (storm.devices?.connackTimeouts ?? 0),
  );
  // what the bench prints beside the drain time: the gateway's main thread is part of its process
  const cpu = storm.cpu?.gateway;
  expect(cpu?.mainThreadS).toBeGreaterThan(0);
  expect(cpu?.mainThreadS).toBeLessThanOrEqual(cpu?.processS ?? 0);
  expect(storm.cpu?.devicesS).toBeGreaterThan(0);
}, 120_000);
