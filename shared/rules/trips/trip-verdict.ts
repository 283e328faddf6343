// A courier trip's verdict, about the milk: accept when every bag kept its ice all the way (however
// warm the box's air was below freezing: the air's figures are reported beside the verdict, not in
// it); review when a bag partly thawed, was never frozen, or the box's readings do not cover the
// whole trip (a person decides, and never on missing data as if it were good news); reject when a
// bag thawed completely or the rules made it a discard (refrozen where the site's rule set forbids
// it, or out of time), since thawed donor milk may not go back to a freezer.
import type { BatchPhase } from "../types.js";
import { span, utcMinute } from "../wording/phrases.js";

export interface TripBag {
  label: string;
  /** its state at hand-over */
  phase: BatchPhase;
  iceFraction: number;
  /** it partly thawed on the way, even if it has frozen solid again since */
  partlyThawed: boolean;
}

/** what the box's readings cover: the trip, and each stretch of it with no reading of the air */
export interface TripCoverage {
  fromMs: number;
  toMs: number;
  gaps: { fromMs: number; toMs: number }[];
}

export type TripVerdict = "accept" | "review" | "reject";

const LOST: Partial<Record<BatchPhase, string>> = {
  thawed: "thawed completely",
  expired: "out of time",
  discard: "must be discarded",
};

export function tripVerdict(
  bags: TripBag[],
  coverage: TripCoverage,
): { verdict: TripVerdict; reasons: string[] } {
  const missing = coverage.gaps.map((gap) =>
    gap.fromMs <= coverage.fromMs && gap.toMs >= coverage.toMs
      ? "no readings of the box's air for the whole trip yet: whether the milk kept its ice is not known"
      : `no readings of the box's air from ${utcMinute(gap.fromMs)} to ${utcMinute(gap.toMs)} (${span(gap.toMs - gap.fromMs)}): the milk's state then is not known`,
  );
  const lost = bags.flatMap((b) => {
    const why = LOST[b.phase];
    return why ? [`${b.label}: ${why}`] : [];
  });
  if (lost.length > 0) return { verdict: "reject", reasons: [...lost, ...missing] };
  const reasons = [
    ...missing,
    ...bags.flatMap((b) => {
      if (b.phase === "partially-thawed")
        return [`${b.label}: partly thawed, about ${Math.round(b.iceFraction * 100)} % ice left`];
      if (b.phase === "fresh") return [`${b.label}: was never frozen`];
      return b.partlyThawed ? [`${b.label}: partly thawed on the way, then froze solid again`] : [];
    }),
  ];
  return { verdict: reasons.length > 0 ? "review" : "accept", reasons };
}
