// The device link as a part: build() hands ingest and Home Assistant this link at once; start() opens
// the one the site configured (open-link.ts: the embedded broker on its ports, or an external
// broker), stop() closes it. A handler given before start is attached when the link opens.
import type { Part } from "../part.js";
import type { DeviceLink } from "./device-link.js";
import { type LinkDeps, type OpenLink, openDeviceLink } from "./open-link.js";

type Handler = Parameters<DeviceLink["onMessage"]>[0];

export class DeviceLinkPart implements DeviceLink, Part {
  readonly name = "device link";
  private open: OpenLink | undefined;
  private readonly handlers: Handler[] = [];

  constructor(private readonly deps: LinkDeps) {}

  async start(): Promise<void> {
    this.open = await openDeviceLink(this.deps);
    for (const handler of this.handlers) this.open.link.onMessage(handler);
  }

  async stop(): Promise<void> {
    const open = this.open;
    this.open = undefined;
    await open?.close();
  }

  close(): Promise<void> {
    return this.stop();
  }

  onMessage(handler: Handler): void {
    this.handlers.push(handler);
    this.open?.link.onMessage(handler);
  }

  publish(topic: string, payload: string, options: { qos: 0 | 1; retain: boolean }): Promise<void> {
    if (!this.open) return Promise.reject(new Error(`the device link is not open: ${topic} not sent`));
    return this.open.link.publish(topic, payload, options);
  }

  /** the broker or client in use while started (a test watches inside the embedded broker) */
  get opened(): DeviceLink | undefined {
    return this.open?.link;
  }

  /** the embedded broker's TCP port once started; 0 before, and with an external broker */
  get mqttPort(): number {
    return this.open?.mqttPort ?? 0;
  }

  health(): { ok: boolean; connected?: number } {
    return this.open?.health() ?? { ok: false };
  }
}
