// How the embedded store keeps a reading's temperature (migration 7): in sixteenths of a degree, the
// DS18B20's 12-bit step of 0.0625 °C (Maxim DS18B20 datasheet, "Operation — measuring temperature"), in a
// REAL column. SQLite writes a REAL that has no fraction as a 1- to 2-byte integer, so a DS18B20 reading
// takes 2 bytes instead of 8; any other value keeps its 8 bytes. Multiplying and dividing by 16 is
// exact in binary floating point, so every temperature reads back identical to what was written.
export const TEMP_STEPS_PER_C = 16;

/** whether `tempC` survives the scaling (all but the largest finite doubles do) */
export const storableTemp = (tempC: number) => Number.isFinite(tempC * TEMP_STEPS_PER_C);
