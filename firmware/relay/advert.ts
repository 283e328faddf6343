// What a MilkGuard Puck advertises (firmware/src/main-ble.ts), after Espruino's company id 0x0590:
// magic 0x4d, seq (u32 LE), temperature in 1/16 C (i16 LE), fault code (0 = none), battery %.
// The relay only needs the sequence: a new one means there is something to fetch.

export const ESPRUINO_COMPANY_ID = 0x0590;
const MAGIC = 0x4d;
const BYTES = 9;

export interface CoolBoxAdvert {
  /** sequence number of the Puck's latest reading */
  seq: number;
  /** its temperature, or null when the sample was a fault */
  tempC: number | null;
  batteryPct: number;
}

/** The manufacturer data without the company id; undefined when it is not a MilkGuard advert. */
export function decodeAdvert(bytes: ArrayLike<number>): CoolBoxAdvert | undefined {
  if (bytes.length < BYTES || bytes[0] !== MAGIC) return undefined;
  const b = (i: number) => (bytes[i] as number) & 0xff;
  const seq = (b(1) | (b(2) << 8) | (b(3) << 16)) + b(4) * 0x1000000;
  const raw = b(5) | (b(6) << 8);
  const sixteenths = raw >= 0x8000 ? raw - 0x10000 : raw;
  return { seq, tempC: b(7) === 0 ? sixteenths / 16 : null, batteryPct: b(8) };
}
