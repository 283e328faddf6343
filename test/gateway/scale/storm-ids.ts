// The storm's devices and units, named alike by the gateway that provisions them and the process
// that plays them.
export const stormDeviceId = (i: number): string => `storm-${i}`;
export const stormUnitId = (i: number): string => `unit-storm-${i}`;
