// Temperature excursion: the air beyond the profile's limit for longer than its alarm delay raises
// an alert (a door opened for three minutes or a compressor's off-cycle does not); it clears only
// once the air is back inside the limit by the hysteresis, so a unit hovering at the limit does not
// flap. A warning becomes critical when the air also stays past the critical limit for the delay.
import type { RuleContext } from "../context.js";
import type { UnitAir, UnitRule } from "../runner/rule.js";
import type { RuleEvent } from "../types.js";
import { worded } from "../wording/alert-words-en.js";

export interface ExcursionState {
  high: Excursion;
  low: Excursion;
}

export interface Excursion {
  /** first reading beyond the limit in the current run (the alarm delay counts from here) */
  beyondSinceMs?: number;
  criticalSinceMs?: number;
  /** the warmest (or, below a low limit, coldest) air of the run */
  peakC?: number;
  raised?: { key: string; severity: "warning" | "critical" };
}

type Kind = "temperature-excursion";

export const excursionRule: UnitRule<ExcursionState, Kind, { excursion: "warning" | "critical" | null }> = {
  id: "excursion",
  kinds: {
    "temperature-excursion": {
      label: "Temperature excursion",
      counted: ["temperature excursion", "temperature excursions"],
      ongoing: true,
    },
  },
  initial: { high: {}, low: {} },
  profileFields: ["warningHighC", "criticalHighC", "lowC", "alarmDelayMin", "hysteresisC"],
  onReading: (state, { reading, air }, _unit, ctx, events) =>
    air === undefined ? state : judgeAir(state, reading.timeMs, air, ctx, events),
  conditions: {
    now: ({ high, low }) => {
      const h = high.raised?.severity;
      const l = low.raised?.severity;
      return { excursion: h === "critical" || l === "critical" ? "critical" : (h ?? l ?? null) };
    },
    status: ({ excursion }) => excursion ?? "ok",
  },
};

type Side = "high" | "low";

/** the limits of one side: beyond `limitC` starts a run; back past `backC` clears it */
interface Limits {
  limitC: number;
  criticalC: number | undefined;
  backC: number;
}

function limitsOf(side: Side, ctx: RuleContext): Limits | undefined {
  const p = ctx.profile;
  const hysteresis = p.hysteresisC.value;
  if (side === "high") {
    const limitC = p.warningHighC.value;
    return { limitC, criticalC: p.criticalHighC.value, backC: limitC - hysteresis };
  }
  if (!p.lowC) return undefined;
  return { limitC: p.lowC.value, criticalC: undefined, backC: p.lowC.value + hysteresis };
}

/** past `limitC` on this side: above a high limit, below a low one */
function past(side: Side, airC: number, limitC: number): boolean {
  return side === "high" ? airC > limitC : airC < limitC;
}

function judgeAir(
  excursion: ExcursionState,
  timeMs: number,
  air: UnitAir,
  ctx: RuleContext,
  events: RuleEvent<Kind>[],
): ExcursionState {
  const high = judgeSide("high", excursion.high, timeMs, air.warmestC, ctx, events);
  const low = judgeSide("low", excursion.low, timeMs, air.coldestC, ctx, events);
  return high === excursion.high && low === excursion.low ? excursion : { high, low };
}

function judgeSide(
  side: Side,
  ex: Excursion,
  timeMs: number,
  airC: number,
  ctx: RuleContext,
  events: RuleEvent<Kind>[],
): Excursion {
  const limits = limitsOf(side, ctx);
  if (!limits) return ex;
  const beyond = past(side, airC, limits.limitC);
  if (!beyond && !ex.raised && ex.beyondSinceMs === undefined) return ex;

  if (ex.raised && !past(side, airC, limits.backC)) {
    events.push(cleared(side, ex, timeMs, airC, ctx));
    return {};
  }
  // a run continues while the air is past the limit, or until a raised alert clears
  const running = beyond || ex.raised !== undefined;
  const beyondSinceMs = running ? (ex.beyondSinceMs ?? timeMs) : undefined;
  const critical = limits.criticalC !== undefined && past(side, airC, limits.criticalC);
  const next: Excursion = {
    beyondSinceMs,
    criticalSinceMs: critical ? (ex.criticalSinceMs ?? timeMs) : undefined,
    peakC: beyondSinceMs === undefined ? undefined : worse(side, ex.peakC ?? airC, airC),
    raised: ex.raised,
  };

  const delayMs = ctx.profile.alarmDelayMin.value * 60_000;
  const since = next.beyondSinceMs;
  const severity =
    next.criticalSinceMs !== undefined && timeMs - next.criticalSinceMs >= delayMs ? "critical" : "warning";
  if (next.raised) {
    if (severity === "critical" && next.raised.severity === "warning") {
      next.raised = { ...next.raised, severity };
      events.push(raised(side, next, timeMs, airC, ctx));
    }
  } else if (since !== undefined && timeMs - since >= delayMs) {
    next.raised = { key: `${ctx.unitId}:excursion-${side}:${since}`, severity };
    events.push(raised(side, next, timeMs, airC, ctx));
  }
  return next;
}

function worse(side: Side, a: number, b: number): number {
  return side === "high" ? Math.max(a, b) : Math.min(a, b);
}

function raised(side: Side, ex: Excursion, timeMs: number, airC: number, ctx: RuleContext): RuleEvent<Kind> {
  const raisedAs = ex.raised as NonNullable<Excursion["raised"]>;
  const critical = raisedAs.severity === "critical" && side === "high";
  const since = (critical ? ex.criticalSinceMs : ex.beyondSinceMs) ?? timeMs;
  const p = ctx.profile;
  const limitC = critical ? p.criticalHighC : side === "high" ? p.warningHighC : p.lowC;
  return {
    kind: "temperature-excursion",
    phase: "raised",
    severity: raisedAs.severity,
    unitId: ctx.unitId,
    timeMs,
    key: raisedAs.key,
    ...worded({
      key: "excursion.raised",
      values: { place: p.kind, side, critical, limitC: limitC?.value ?? airC, spanMs: timeMs - since, airC },
    }),
    details: {
      side,
      sinceMs: ex.beyondSinceMs ?? timeMs,
      airC,
      peakC: ex.peakC ?? airC,
      limitC: limitC?.value ?? null,
      limitSource: limitC?.source ?? null,
    },
  };
}

function cleared(side: Side, ex: Excursion, timeMs: number, airC: number, ctx: RuleContext): RuleEvent<Kind> {
  const raisedAs = ex.raised as NonNullable<Excursion["raised"]>;
  const since = ex.beyondSinceMs ?? timeMs;
  return {
    kind: "temperature-excursion",
    phase: "cleared",
    severity: raisedAs.severity,
    unitId: ctx.unitId,
    timeMs,
    key: raisedAs.key,
    ...worded({
      key: "excursion.cleared",
      values: { side, airC, spanMs: timeMs - since, peakC: ex.peakC ?? airC },
    }),
    details: { side, sinceMs: since, airC, peakC: ex.peakC ?? airC, durationMs: timeMs - since },
  };
}
