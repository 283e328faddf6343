// Home Assistant as a bus extension: on start it publishes the retained discovery messages and each
// unit's state; afterwards it republishes a unit's state when its readings or alerts change, every
// unit's state every few minutes (so that HA's expire_after tells a stopped gateway from a quiet
// freezer), and a unit's discovery when a device joins it. A publish that fails is logged; it never
// stops the gateway.
import type { UnitConditions } from "../../shared/rules/index.js";
import { unitStatus } from "../../shared/rules/status.js";
import type { DeviceLink } from "../broker/device-link.js";
import type { EventBus } from "../bus.js";
import type { Logger } from "../log.js";
import type { Part } from "../part.js";
import type { ReadingsStore, StoredReading } from "../store/readings-store.js";
import type { SiteStore } from "../store/site-store.js";
import {
  type DiscoveryOptions,
  discoveryMessages,
  HA_STATUS_OF,
  STATE_EVERY_S,
  type UnitState,
  unitStateTopic,
} from "./discovery.js";

export interface HomeAssistantDeps {
  link: Pick<DeviceLink, "publish">;
  site: SiteStore;
  readings: ReadingsStore;
  bus: EventBus;
  log: Logger;
  options: DiscoveryOptions;
  /** the unit's conditions as the rules see them now: its status follows them, as on the dashboard */
  conditionsOf?: (unitId: string) => UnitConditions;
}

const OWNER = "homeassistant";

export class HomeAssistantDiscovery implements Part {
  readonly name = "home assistant";
  /** latest reading per unit, so a late backlog never shows an old temperature */
  private readonly latest = new Map<string, StoredReading>();
  /** device ids per unit as last announced, to republish discovery when they change */
  private readonly announced = new Map<string, string>();
  private refresh: NodeJS.Timeout | undefined;

  constructor(private readonly deps: HomeAssistantDeps) {}

  async start(): Promise<void> {
    const { bus, site, readings } = this.deps;
    for (const unit of site.units.list()) {
      const last = await readings.latest(unit.id);
      if (last) this.latest.set(unit.id, last);
      await this.announce(unit.id);
      await this.publishState(unit.id);
    }
    bus.on("readings", OWNER, (batch) => this.onReadings(batch));
    bus.on("alert", OWNER, (alert) => this.publishState(alert.unitId));
    bus.on("device", OWNER, (device) => this.onDevice(device.id, device.unitId));
    const everyMs = (this.deps.options.stateEveryS ?? STATE_EVERY_S) * 1000;
    this.refresh = setInterval(() => void this.publishAllStates(), everyMs);
    this.refresh.unref();
  }

  stop(): void {
    clearInterval(this.refresh);
    this.deps.bus.removeOwner(OWNER);
  }

  private async publishAllStates(): Promise<void> {
    for (const unit of this.deps.site.units.list()) await this.publishState(unit.id);
  }

  private async onReadings(batch: StoredReading[]): Promise<void> {
    const changed = new Set<string>();
    for (const r of batch) {
      const known = this.latest.get(r.unitId);
      if (!known || r.timeMs >= known.timeMs) {
        this.latest.set(r.unitId, r);
        changed.add(r.unitId);
      }
    }
    for (const unitId of changed) await this.publishState(unitId);
  }

  /**
   * A new device, or one moved to another unit: both units' availability lists change. A unit new
   * since start gets its state too, so HA does not wait for a first reading or refresh.
   */
  private async onDevice(deviceId: string, unitId: string): Promise<void> {
    for (const [announcedUnit, ids] of this.announced) {
      if (announcedUnit !== unitId && ids.split(",").includes(deviceId)) await this.announce(announcedUnit);
    }
    const isNew = !this.announced.has(unitId);
    await this.announce(unitId);
    if (isNew) await this.publishState(unitId);
  }

  /** Publishes the unit's discovery messages unless its devices are the ones already announced. */
  private async announce(unitId: string): Promise<void> {
    const unit = this.deps.site.units.get(unitId);
    if (!unit) return;
    const devices = this.deps.site.devices.byUnit(unitId);
    const key = devices
      .map((d) => d.id)
      .sort()
      .join(",");
    if (this.announced.get(unitId) === key) return;
    this.announced.set(unitId, key);
    for (const message of discoveryMessages(unit, devices, this.deps.options)) {
      await this.publish(message.topic, message.payload);
    }
  }

  private async publishState(unitId: string): Promise<void> {
    const unresolved = this.deps.site.alerts.list({ unitId, state: ["open", "acknowledged"] });
    const status = unitStatus({
      alerts: unresolved,
      // HA tells a unit that never reported by its temperature (none) and its device's availability
      hasReading: true,
      conditions: this.deps.conditionsOf?.(unitId),
    });
    const state: UnitState = {
      temperature_c: this.latest.get(unitId)?.tempC ?? null,
      status: HA_STATUS_OF[status],
      open_alerts: unresolved.length,
    };
    await this.publish(unitStateTopic(this.deps.options.prefix, unitId), JSON.stringify(state));
  }

  private async publish(topic: string, payload: string): Promise<void> {
    try {
      await this.deps.link.publish(topic, payload, { qos: 1, retain: true });
    } catch (err) {
      this.deps.log.error(`home assistant publish to ${topic} failed`, err);
    }
  }
}
