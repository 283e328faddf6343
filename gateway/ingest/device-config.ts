// The retained config a device gets when it comes online: its sampling interval, the local alarm
// limits of its unit's profile (so a donor's sensor can beep with no network), and the time. The
// beeper sounds at the critical limit: the warning limit is for the dashboard after the alarm delay,
// and a door left open for a minute must not wake a household.

import type { StorageProfile } from "../../shared/profiles/types.js";
import { encodeConfig } from "../../shared/protocol/codec.js";
import { type DeviceConfigMessage, PROTOCOL_VERSION } from "../../shared/protocol/types.js";
import type { Device } from "../store/records.js";

export function deviceConfigText(device: Device, profile: StorageProfile | undefined, nowMs: number): string {
  const msg: DeviceConfigMessage = {
    v: PROTOCOL_VERSION,
    interval: device.intervalS,
    time: Math.floor(nowMs / 1000),
  };
  if (profile) msg.alarmHighC = profile.criticalHighC.value;
  if (profile?.lowC) msg.alarmLowC = profile.lowC.value;
  return encodeConfig(msg);
}
