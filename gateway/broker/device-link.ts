// How the gateway hears devices and answers them: the embedded aedes broker (embedded-broker.ts) or
// an external one (mqtt-external/external-link.ts); open-link.ts opens the one the site configured.

export interface DeviceLink {
  /** topic and raw payload of every device message under the prefix; clientId when the broker knows it */
  onMessage(handler: (topic: string, payload: Uint8Array, clientId?: string) => void): void;
  publish(topic: string, payload: string, options: { qos: 0 | 1; retain: boolean }): Promise<void>;
  close(): Promise<void>;
}
