// What the protocol says about refused readings: a batch keeps its good readings and hands back each
// bad one as received, and the ack names the refused sequences as compact ranges that a device which
// only reads `upTo` can ignore.
import { describe, expect, it } from "vitest";
import {
  ackMessages,
  decodeAck,
  decodeReadingsBatch,
  encodeAck,
  refusedCount,
  seqRanges,
} from "../../shared/protocol/codec.js";
import { MAX_ACK_REFUSED_RANGES } from "../../shared/protocol/limits.js";

const batch = (readings: string) => `{"v":1,"boot":3,"up":600,"r":[${readings}]}`;

describe("a batch with bad readings among good ones", () => {
  it("keeps the good readings and hands back each bad one as received, with its field and reason", () => {
    const decoded = decodeReadingsBatch(
      batch(
        '{"s":1,"t":10,"c":-18},{"s":2,"t":70,"c":"warm"},{"s":3,"t":130,"c":-18},' +
          '{"t":190,"c":-18},{"s":3,"t":250,"c":-17},5',
      ),
    );
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.value.msg.r).toEqual([
      { s: 1, t: 10, c: -18 },
      { s: 3, t: 130, c: -18 },
    ]);
    expect(decoded.value.refused).toEqual([
      { seq: 2, raw: '{"s":2,"t":70,"c":"warm"}', error: { field: "r[1].c", reason: "not_a_number" } },
      { seq: null, raw: '{"t":190,"c":-18}', error: { field: "r[3].s", reason: "missing" } },
      { seq: null, raw: '{"s":3,"t":250,"c":-17}', error: { field: "r[4].s", reason: "duplicate" } },
      { seq: null, raw: "5", error: { field: "r[5]", reason: "not_an_object" } },
    ]);
  });

  it("finds a repeated seq out of order too, also the seq of a reading refused for another reason", () => {
    const decoded = decodeReadingsBatch(
      batch(
        '{"s":5,"t":10,"c":-18},{"s":2,"t":70,"c":"warm"},{"s":9,"t":130,"c":-18},' +
          '{"s":5,"t":190,"c":-18},{"s":2,"t":250,"c":-17},{"s":4,"t":310,"c":-17}',
      ),
    );
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.value.msg.r.map((r) => r.s)).toEqual([5, 9, 4]);
    expect(decoded.value.refused.map((r) => [r.seq, r.error.field, r.error.reason])).toEqual([
      [2, "r[1].c", "not_a_number"],
      [null, "r[3].s", "duplicate"],
      [null, "r[4].s", "duplicate"],
    ]);
  });

  it("refuses the whole message only when its head or its list is wrong", () => {
    expect(decodeReadingsBatch('{"v":1,"boot":-1,"up":1,"r":[]}')).toEqual({
      ok: false,
      error: { field: "boot", reason: "negative" },
    });
    expect(decodeReadingsBatch('{"v":1,"boot":1,"up":1,"r":{}}')).toEqual({
      ok: false,
      error: { field: "r", reason: "not_an_array" },
    });
  });

  it("gives a sequence past MAX_SEQ no sequence number (no ack can name it)", () => {
    const decoded = decodeReadingsBatch(batch('{"s":9007199254740992,"t":1,"c":-18}'));
    expect(decoded.ok && decoded.value.refused[0]).toMatchObject({
      seq: null,
      error: { field: "r[0].s", reason: "too_large" },
    });
  });
});

describe("the ack's refused ranges", () => {
  it("are compact: consecutive sequences make one range", () => {
    expect(seqRanges([9, 3, 4, 5, 11, 10, 4])).toEqual([
      [3, 5],
      [9, 11],
    ]);
    expect(ackMessages(20, [12, 13, 14, 17])).toEqual([
      {
        v: 1,
        upTo: 20,
        refused: [
          [12, 14],
          [17, 17],
        ],
      },
    ]);
    expect(ackMessages(20, [])).toEqual([{ v: 1, upTo: 20 }]);
  });

  it("round-trip, and a device counts what was refused", () => {
    const ack = { v: 1, upTo: 20, refused: [[12, 14] as [number, number], [17, 17] as [number, number]] };
    const decoded = decodeAck(encodeAck(ack));
    expect(decoded).toEqual({ ok: true, value: ack });
    expect(decoded.ok && refusedCount(decoded.value)).toBe(4);
    expect(refusedCount({ v: 1, upTo: 20 })).toBe(0);
  });

  it("are split over several acks, each with a true upTo, when one ack may not list them all", () => {
    const seqs = Array.from({ length: MAX_ACK_REFUSED_RANGES + 3 }, (_, i) => 2 * i);
    const acks = ackMessages(100, seqs);
    expect(acks).toHaveLength(2);
    expect(acks[0]?.refused).toHaveLength(MAX_ACK_REFUSED_RANGES);
    // the first stops just before the first range it could not list
    expect(acks[0]?.upTo).toBe(2 * MAX_ACK_REFUSED_RANGES - 1);
    expect(acks[1]).toEqual({
      v: 1,
      upTo: 100,
      refused: [0, 1, 2].map((k) => [2 * (MAX_ACK_REFUSED_RANGES + k), 2 * (MAX_ACK_REFUSED_RANGES + k)]),
    });
    for (const ack of acks) expect(decodeAck(encodeAck(ack)).ok).toBe(true);
  });

  const bad: [string, string, string, string][] = [
    ["not a list", '{"v":1,"upTo":5,"refused":3}', "refused", "not_an_array"],
    ["a range of one number", '{"v":1,"upTo":5,"refused":[[3]]}', "refused[0]", "not_a_range"],
    ["a range that runs backwards", '{"v":1,"upTo":5,"refused":[[3,2]]}', "refused[0]", "not_ascending"],
    ["overlapping ranges", '{"v":1,"upTo":9,"refused":[[1,4],[4,6]]}', "refused[1]", "not_ascending"],
    ["a range above upTo", '{"v":1,"upTo":5,"refused":[[4,6]]}', "refused[0]", "above_upTo"],
    ["a negative sequence", '{"v":1,"upTo":5,"refused":[[-1,2]]}', "refused[0]", "negative"],
    [
      "more ranges than an ack may list",
      `{"v":1,"upTo":999,"refused":${JSON.stringify(Array.from({ length: MAX_ACK_REFUSED_RANGES + 1 }, (_, i) => [2 * i, 2 * i]))}}`,
      "refused",
      "too_many",
    ],
  ];

  it.each(bad)("refuses an ack with %s", (_name, text, field, reason) => {
    expect(decodeAck(text)).toEqual({ ok: false, error: { field, reason } });
  });
});
