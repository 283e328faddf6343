// The storm's devices and units, named alike by the gateway that provisions them and the process
// that plays them.
/** a storm device's id is this and its number */
export const STORM_DEVICE_PREFIX = "storm-";
export const stormDeviceId = (i: number): string => `${STORM_DEVICE_PREFIX}${i}`;
export const stormUnitId = (i: number): string => `unit-storm-${i}`;
