// A courier trip's verdict at hand-over, from every bag's estimated state and the box's air:
// accept when every bag stayed frozen and the air kept inside its limits; review when the air went
// past a limit or a bag softened but every bag still holds ice (a person decides); reject when any
// bag thawed completely or must be discarded, since thawed donor milk may not go back to a freezer.
import type { BatchPhase } from "./types.js";

export interface TripBag {
  label: string;
  phase: BatchPhase;
  iceFraction: number;
}

export type TripVerdict = "accept" | "review" | "reject";

const LOST: readonly BatchPhase[] = ["thawed", "expired", "discard"];

export function tripVerdict(
  bags: TripBag[],
  /** minutes the box's air spent above each named limit */
  minutesAbove: Record<string, number>,
): { verdict: TripVerdict; reasons: string[] } {
  const lost = bags.filter((b) => LOST.includes(b.phase));
  if (lost.length > 0)
    return {
      verdict: "reject",
      reasons: lost.map((b) => `${b.label}: ${b.phase === "thawed" ? "thawed completely" : b.phase}`),
    };
  const reasons = [
    ...Object.entries(minutesAbove)
      .filter(([, m]) => m > 0)
      .map(([limit, m]) => `air above the ${limit} limit for ${Math.round(m)} min`),
    ...bags
      .filter((b) => b.phase === "partially-thawed")
      .map((b) => `${b.label}: partly thawed, about ${Math.round(b.iceFraction * 100)} % ice left`),
    ...bags.filter((b) => b.phase === "fresh").map((b) => `${b.label}: was never frozen`),
  ];
  return { verdict: reasons.length > 0 ? "review" : "accept", reasons };
}
