// What a MilkGuard Puck advertises (firmware/src/main-ble.ts), after Espruino's company id 0x0590:
// magic 0x4d, seq (u32 LE), temperature in 1/16 C (i16 LE), fault code, battery %. The relay only
// needs the sequence: a new one means there is something to fetch.
const MAGIC = 0x4d;
const BYTES = 9;

/** The sequence number of the Puck's latest reading; undefined when it is not a MilkGuard advert. */
export function advertSeq(manufacturerData: ArrayLike<number>): number | undefined {
  const bytes = manufacturerData;
  if (bytes.length < BYTES || bytes[0] !== MAGIC) return undefined;
  const b = (i: number) => (bytes[i] as number) & 0xff;
  return (b(1) | (b(2) << 8) | (b(3) << 16)) + b(4) * 0x1000000;
}
