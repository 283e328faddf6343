// The relay as `npm run relay` runs it: EspruinoHub for Bluetooth, the gateway's broker for the rest.
import mqtt from "mqtt";
import type { RelayConfig } from "./config.js";
import { EspruinoHubUart, watchAdverts } from "./espruinohub.js";
import { UartConsole } from "./puck-console.js";
import { Relay } from "./relay.js";

const MINUTE_MS = 60_000;
const FIRST_RETRY_MS = 30_000;
const CONFIG_TIMEOUT_MS = 5_000;

export interface RunningRelay {
  relay: Relay;
  stop(): Promise<void>;
}

export async function runRelay(config: RelayConfig, log: (line: string) => void): Promise<RunningRelay> {
  const hubOptions = config.espruinoHub;
  const hub = await mqtt.connectAsync(hubOptions.url, {
    ...(hubOptions.username === undefined ? {} : { username: hubOptions.username }),
    ...(hubOptions.password === undefined ? {} : { password: hubOptions.password }),
    clientId: `milkguard-relay-${process.pid}`,
  });
  const consoleTimeoutMs = config.consoleTimeoutS * 1000;
  const pucks = config.coolBoxes.map((box) => ({
    account: {
      deviceId: box.deviceId,
      password: box.password,
      board: box.board,
      ...(box.hmacKey === undefined ? {} : { hmacKey: box.hmacKey }),
    },
    address: box.address.toLowerCase(),
    console: new UartConsole(
      new EspruinoHubUart(hub, box.address.toLowerCase(), {
        prefix: hubOptions.prefix,
        pingTimeoutMs: consoleTimeoutMs,
      }),
      consoleTimeoutMs,
    ),
  }));
  const pollMs = config.pollMinutes * MINUTE_MS;
  const relay = new Relay(pucks, {
    gatewayUrl: config.gateway.url,
    prefix: config.gateway.prefix,
    batchSize: config.batchSize,
    ackTimeoutMs: config.ackTimeoutS * 1000,
    configTimeoutMs: CONFIG_TIMEOUT_MS,
    pollMs,
    retryMs: Math.min(FIRST_RETRY_MS, pollMs),
    log,
  });
  await watchAdverts(hub, hubOptions.prefix, (address, bytes) => void relay.advert(address, bytes));
  relay.start();
  log(
    `relay: ${pucks.length} cool box(es) via EspruinoHub at ${hubOptions.url} -> gateway ${config.gateway.url}, ` +
      `visiting on new adverts and every ${config.pollMinutes} min`,
  );
  return {
    relay,
    stop: async () => {
      await relay.stop();
      await hub.endAsync();
    },
  };
}
