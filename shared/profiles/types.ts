// Storage profiles and rule sets are data: every number from guidance carries its source, so a milk
// bank can see where a limit comes from and override it per site.

/**
 * A number and where it comes from: a source in docs/sources.md with its confidence tag and what it
 * says, e.g. "docs/sources.md#nice-cg93 [P] donor freezer -18 C or lower", or "[D] ..." for a value
 * derived here. Values tagged [U] there are never used as defaults.
 */
export interface Sourced {
  value: number;
  source: string;
}

export type UnitKind = "freezer" | "fridge" | "cool-box" | "room";

/** Where milk sits: the air limits of that place and how long alarms wait. */
export interface StorageProfile {
  id: string;
  name: string;
  kind: UnitKind;
  /** air temperature above which a warning / critical excursion begins, C */
  warningHighC: Sourced;
  criticalHighC: Sourced;
  /** air below this is too cold (fridges: milk would freeze), C */
  lowC?: Sourced;
  /** how long a condition must persist before it alarms, minutes */
  alarmDelayMin: Sourced;
  /** how far back inside the limit the air must come before the alarm clears, C */
  hysteresisC: Sourced;
  /** expected reading interval, seconds (sensor silence counts in multiples of it) */
  intervalS: Sourced;
  /** silence shorter than this is expected here (a cool box out of network reach on a round), minutes */
  silentAfterMin?: Sourced;
}

/** How long milk may be kept, per purpose; differs between CDC (home), NICE/UKAMB and HMBANA banks. */
export interface RuleSet {
  id: string;
  name: string;
  /** maximum age of frozen milk, days from expression */
  frozenMaxDays: Sourced;
  /** thawed milk kept cold (fridge): use within, hours from complete thaw */
  thawedColdMaxH: Sourced;
  /** thawed milk at room temperature: use within, hours from complete thaw */
  thawedRoomMaxH: Sourced;
  /** fresh milk in the fridge before freezing, hours */
  freshFridgeMaxH: Sourced;
  /** may a bag that still holds ice crystals go back into the freezer? */
  partialThawMayRefreeze: boolean;
  partialThawSource: string;
}
