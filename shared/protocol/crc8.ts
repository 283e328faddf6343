// ESPRUINO-SAFE: the firmware imports this file. Keep to the Espruino subset and to ASCII.
// The DS18B20's check byte: the firmware verifies each scratchpad with it, and the simulation (sim/)
// computes it for the probe it plays, so both use this one copy.

/** Dallas/Maxim CRC-8 (polynomial x^8 + x^5 + x^4 + 1, reflected 0x8C) over the first n bytes. */
export function crc8(bytes: ArrayLike<number>, n: number): number {
  let crc = 0;
  for (let i = 0; i < n; i++) {
    let b = bytes[i] as number;
    for (let j = 0; j < 8; j++) {
      const mix = (crc ^ b) & 1;
      crc >>= 1;
      if (mix) crc ^= 0x8c;
      b >>= 1;
    }
  }
  return crc;
}
