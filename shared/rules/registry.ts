// The unit rules, in the order they judge each input (as aedes lists its publish steps): a new rule
// is its own file in unit/ and one line here. The order matters: a rule sees the reading as the ones
// before it left it (several probes set the air that the excursion judges), and events come out in
// this order. The types below are read from the list, so the rest of MilkGuard follows it.
import { batteryRule } from "./unit/battery.js";
import { excursionRule } from "./unit/excursion.js";
import { probeFaultRule } from "./unit/probe-fault.js";
import { probesRule } from "./unit/probes.js";
import { silenceRule } from "./unit/silence.js";

export const UNIT_RULES = [probeFaultRule, batteryRule, probesRule, excursionRule, silenceRule] as const;

type Rule = (typeof UNIT_RULES)[number];

type KindsOf<R> = R extends { kinds: infer K } ? keyof K : never;
/** the event kinds the unit rules raise */
export type UnitRuleKind = KindsOf<Rule>;

type ConditionsOf<R> = R extends { conditions?: { now(state: never): infer C } } ? C : never;
type Merged<U> = (U extends unknown ? (u: U) => void : never) extends (all: infer I) => void ? I : never;

/** The unit's conditions going on now, as the rules see them (whatever became of their alerts). */
export type UnitConditions = { [K in keyof Merged<ConditionsOf<Rule>>]: Merged<ConditionsOf<Rule>>[K] };
