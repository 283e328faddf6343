// A bag's short code, printed on its label and typed or scanned by the courier and staff: `K7Q-4MY`.
// Crockford's base32 alphabet (no I, L, O or U: nothing to mistake for 1, 0 or V), five random
// symbols (33 million codes) and a check symbol that catches every single wrong symbol and every
// swap of two neighbours: the symbols are the coefficients of a polynomial over GF(32) (a CRC),
// whose steps x -> 2x + next are one-to-one and, since 2 + 1 is not 0, never equal for ab and ba.
export const BAG_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/** the random symbols before the check symbol */
const DATA_SYMBOLS = 5;
/** how many different codes there are: 32 ** DATA_SYMBOLS */
export const BAG_CODE_COUNT = 2 ** (5 * DATA_SYMBOLS);

/** GF(32) with x^5 + x^2 + 1: doubling shifts left, and a carry out of bit 4 folds back in */
const double = (x: number) => ((x << 1) ^ (x & 0b10000 ? 0b100101 : 0)) & 0b11111;

const checkOf = (values: number[]) => double(values.reduce((acc, v) => double(acc) ^ v, 0));

const spell = (values: number[]) => {
  const text = values.map((v) => BAG_CODE_ALPHABET[v]).join("");
  return `${text.slice(0, 3)}-${text.slice(3)}`;
};

/** The code of number `n` (0 ≤ n < BAG_CODE_COUNT), with its check symbol: the gateway draws n at random. */
export function bagCodeOf(n: number): string {
  const values = Array.from(
    { length: DATA_SYMBOLS },
    (_, i) => Math.floor(n / 32 ** (DATA_SYMBOLS - 1 - i)) % 32,
  );
  return spell([...values, checkOf(values)]);
}

/** A fresh code: draws until one is not taken (`draw` gives 0 ≤ n < BAG_CODE_COUNT). */
export function freshBagCode(draw: () => number, taken: (code: string) => boolean): string {
  for (;;) {
    const code = bagCodeOf(draw());
    if (!taken(code)) return code;
  }
}

export type BagCodeReading =
  | { ok: true; code: string }
  /** not code-shaped at all (a bag's id, a name): the caller looks it up some other way */
  | { ok: false; why: "not-a-code" }
  | { ok: false; why: "check"; code: string; message: string };

/** Crockford's reading of look-alikes: I and L are 1, O is 0 */
const LOOK_ALIKES: Record<string, string> = { I: "1", L: "1", O: "0" };

/**
 * What someone typed or scanned, as a code: case, spaces and dashes do not matter, and I, L, O read
 * as 1, 1, 0. A code whose check symbol does not match is a typo, said in words.
 */
export function readBagCode(typed: string): BagCodeReading {
  const symbols = [...typed.toUpperCase().replace(/[\s-]/g, "")].map((c) => LOOK_ALIKES[c] ?? c);
  const values = symbols.map((c) => BAG_CODE_ALPHABET.indexOf(c));
  if (values.length !== DATA_SYMBOLS + 1 || values.includes(-1)) return { ok: false, why: "not-a-code" };
  const code = spell(values);
  if (checkOf(values.slice(0, DATA_SYMBOLS)) !== values[DATA_SYMBOLS]) {
    return {
      ok: false,
      why: "check",
      code,
      message: `${code}: the check letter does not match — look at the label again`,
    };
  }
  return { ok: true, code };
}
