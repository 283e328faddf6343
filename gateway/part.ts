// A feature of the gateway (as zigbee2mqtt's extensions are): build() makes it without side effects;
// start() subscribes it to the bus, opens what it listens on and starts its timers; stop() undoes
// that. The gateway starts its parts in list order and stops them in reverse (app.ts).

export interface Part {
  /** how the logs and a failed start name it */
  readonly name: string;
  start(): void | Promise<void>;
  stop(): void | Promise<void>;
}
