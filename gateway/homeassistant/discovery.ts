// Home Assistant MQTT discovery messages for one unit (freezer, fridge, cool box): temperature,
// status and open-alert count sensors and an "in alarm" problem sensor, grouped under one HA device
// per unit, available while one of the unit's devices is online (their retained birth / last-will
// status messages), and unavailable once the gateway stops refreshing the state (expire_after).
// Pure: no I/O. Schema: https://www.home-assistant.io/integrations/mqtt/#mqtt-discovery,
// sensor.mqtt and binary_sensor.mqtt.
import { topicFor } from "../../shared/protocol/topics.js";
import type { UnitStatus } from "../../shared/rules/types.js";
import type { Device, Unit } from "../store/records.js";

export interface DiscoveryOptions {
  /** device topic prefix, e.g. milkguard */
  prefix: string;
  /** Home Assistant's discovery prefix, "homeassistant" unless changed there */
  discoveryPrefix: string;
  /** MilkGuard version, shown in HA's device page */
  version: string;
  /** seconds between republishing each unit's state (STATE_EVERY_S unless a test is in a hurry) */
  stateEveryS?: number;
}

/** The gateway republishes every unit's state this often, so that HA can tell it is still there. */
export const STATE_EVERY_S = 300;
/**
 * HA shows a unit unavailable when no state came for this many refresh intervals: one lost or late
 * publish is not an outage, a stopped gateway is.
 */
const EXPIRE_AFTER_INTERVALS = 3;

export interface DiscoveryMessage {
  topic: string;
  /** JSON; published retained so HA finds it whenever it starts */
  payload: string;
}

/** What the gateway publishes (retained) on a unit's state topic; the sensors pick their field. */
export interface UnitState {
  temperature_c: number | null;
  status: HaStatus;
  open_alerts: number;
}

/** a unit's status in Home Assistant's words (its enum sensor's options, and "alarm" its problem sensor) */
export const HA_STATUSES = ["ok", "warning", "alarm"] as const;
export type HaStatus = (typeof HA_STATUSES)[number];

/** MilkGuard's unit status (shared/rules/status.ts) as Home Assistant shows it: a silent sensor is a warning */
export const HA_STATUS_OF: Record<UnitStatus, HaStatus> = {
  ok: "ok",
  warning: "warning",
  silent: "warning",
  critical: "alarm",
};

/** HA node ids allow [a-zA-Z0-9_-]; unit ids are a-z, 0-9 and '-'. */
export const nodeId = (unitId: string) => `milkguard_${unitId}`;
export const unitStateTopic = (prefix: string, unitId: string) => `${prefix}/units/${unitId}/state`;

const ENTITIES = [
  {
    component: "sensor",
    object: "temperature",
    name: "Temperature",
    value_template: "{{ value_json.temperature_c }}",
    extra: { device_class: "temperature", unit_of_measurement: "°C", state_class: "measurement" },
  },
  {
    component: "sensor",
    object: "status",
    name: "Status",
    value_template: "{{ value_json.status }}",
    extra: { device_class: "enum", options: [...HA_STATUSES], icon: "mdi:snowflake-alert" },
  },
  {
    component: "sensor",
    object: "open_alerts",
    name: "Open alerts",
    value_template: "{{ value_json.open_alerts }}",
    extra: { state_class: "measurement", icon: "mdi:alert" },
  },
  {
    component: "binary_sensor",
    object: "in_alarm",
    name: "In alarm",
    value_template: "{{ 'ON' if value_json.status == 'alarm' else 'OFF' }}",
    extra: { device_class: "problem", payload_on: "ON", payload_off: "OFF" },
  },
] as const;

export function discoveryMessages(unit: Unit, devices: Device[], o: DiscoveryOptions): DiscoveryMessage[] {
  const node = nodeId(unit.id);
  const expireAfterS = Math.ceil((o.stateEveryS ?? STATE_EVERY_S) * EXPIRE_AFTER_INTERVALS);
  return ENTITIES.map((entity) => ({
    topic: `${o.discoveryPrefix}/${entity.component}/${node}/${entity.object}/config`,
    payload: JSON.stringify({
      name: entity.name,
      unique_id: `${node}_${entity.object}`,
      object_id: `${node}_${entity.object}`,
      state_topic: unitStateTopic(o.prefix, unit.id),
      value_template: entity.value_template,
      expire_after: expireAfterS,
      ...entity.extra,
      ...availability(devices, o.prefix),
      device: {
        identifiers: [node],
        name: unit.name,
        manufacturer: "MilkGuard",
        model: unit.profileId,
        sw_version: o.version,
      },
      origin: { name: "MilkGuard", sw_version: o.version },
    }),
  }));
}

/**
 * A device's status topic carries {"v":1,"state":"online"|"offline"}: its birth message and its last
 * will, both retained. One device: availability_topic; several: any one online makes the unit available.
 */
function availability(devices: Device[], prefix: string): Record<string, unknown> {
  const common = {
    value_template: "{{ value_json.state }}",
    payload_available: "online",
    payload_not_available: "offline",
  };
  const [only, ...others] = devices;
  if (!only) return {};
  if (others.length === 0) {
    return {
      availability_topic: topicFor(prefix, only.id, "status"),
      availability_template: common.value_template,
      payload_available: common.payload_available,
      payload_not_available: common.payload_not_available,
    };
  }
  return {
    availability: devices.map((d) => ({ topic: topicFor(prefix, d.id, "status"), ...common })),
    availability_mode: "any",
  };
}
