// A bag's label code: short, unambiguous, and a typo is caught by its check symbol.
import { describe, expect, it } from "vitest";
import {
  BAG_CODE_ALPHABET,
  BAG_CODE_COUNT,
  bagCodeOf,
  freshBagCode,
  readBagCode,
} from "../../shared/bags/code.js";

/** every code a typo of one symbol, or a swap of two neighbours, makes from `code` */
function typosOf(code: string): string[] {
  const s = code.replace("-", "");
  const wrongSymbol = [...s].flatMap((c, i) =>
    [...BAG_CODE_ALPHABET].filter((d) => d !== c).map((d) => s.slice(0, i) + d + s.slice(i + 1)),
  );
  const swapped = [...s.slice(1)].flatMap((c, i) =>
    c === s[i] ? [] : [s.slice(0, i) + c + s[i] + s.slice(i + 2)],
  );
  return [...wrongSymbol, ...swapped];
}

describe("bag codes", () => {
  it("are three symbols, a dash and three more, from an alphabet without I, L, O or U", () => {
    expect(bagCodeOf(0)).toBe("000-000");
    expect(bagCodeOf(BAG_CODE_COUNT - 1)).toMatch(/^ZZZ-ZZ[0-9A-Z]$/);
    for (let n = 0; n < BAG_CODE_COUNT; n += 999_983)
      expect(bagCodeOf(n)).toMatch(/^[0-9A-HJKMNP-TV-Z]{3}-[0-9A-HJKMNP-TV-Z]{3}$/);
  });

  it("read back whatever the case, spaces and dashes, with I, L and O read as 1, 1 and 0", () => {
    expect(readBagCode("K7Q-4MY")).toEqual({ ok: true, code: "K7Q-4MY" });
    expect(readBagCode(" k7q 4my ")).toEqual({ ok: true, code: "K7Q-4MY" });
    expect(readBagCode("0KY-ZH7")).toEqual(readBagCode("oky zh7"));
    const ones = bagCodeOf(0b00001_00001_00001_00001_00001);
    expect(readBagCode(`lil-i1${ones.slice(-1)}`)).toEqual({ ok: true, code: ones });
  });

  it("catch every single wrong symbol and every swap of neighbours, saying to look at the label again", () => {
    for (let n = 7; n < BAG_CODE_COUNT; n += 4_999_999) {
      const code = bagCodeOf(n);
      for (const typo of typosOf(code)) expect(readBagCode(typo)).toMatchObject({ ok: false, why: "check" });
    }
    expect(readBagCode("K7Q-4M3")).toEqual({
      ok: false,
      why: "check",
      code: "K7Q-4M3",
      message: "K7Q-4M3: the check letter does not match — look at the label again",
    });
  });

  it("tell a code from anything else (an id, a name)", () => {
    for (const other of [
      "",
      "Bea #1",
      "K7Q-4M",
      "K7Q-4MYY",
      "U7Q-4MY",
      "3f2b8c1e-0000-4000-8000-000000000000",
    ]) {
      expect(readBagCode(other)).toEqual({ ok: false, why: "not-a-code" });
    }
  });

  it("are drawn again until one is free", () => {
    const draws = [1, 1, 2];
    const taken = new Set([bagCodeOf(1)]);
    expect(
      freshBagCode(
        () => draws.shift() ?? 0,
        (c) => taken.has(c),
      ),
    ).toBe(bagCodeOf(2));
  });
});
