// The alert sentences in French, one for each English one (shared/rules/wording/alert-words-en.ts):
// the type asks for every key. Temperatures, spans and times come written by the reader's format
// (°C or °F, the site's time zone), in French.
import type { UnitKind } from "../../../shared/profiles/types.js";
import type { ProbeFault } from "../../../shared/protocol/types.js";
import type {
  AlertWordSet,
  BagNamed,
  RuleSetNamed,
  WordFormat,
} from "../../../shared/rules/wording/alert-words.js";

/** « ce congélateur », « de la glacière »: the articles and agreements follow the word's gender */
const PLACE: Record<UnitKind, { this: string; of: string; unwatched: string }> = {
  freezer: { this: "ce congélateur", of: "du congélateur", unwatched: "ce congélateur n'est pas surveillé" },
  fridge: {
    this: "ce réfrigérateur",
    of: "du réfrigérateur",
    unwatched: "ce réfrigérateur n'est pas surveillé",
  },
  "cool-box": {
    this: "cette glacière",
    of: "de la glacière",
    unwatched: "cette glacière n'est pas surveillée",
  },
  room: { this: "cette pièce", of: "de la pièce", unwatched: "cette pièce n'est pas surveillée" },
};

// the DS18B20's own values, as its datasheet gives them
const WHAT: Record<ProbeFault, string> = {
  power_on_85: "affiche 85 °C, la valeur qu'elle donne avant sa première mesure",
  disconnected: "affiche -127 °C, ce qui veut dire qu'elle n'est pas branchée",
  no_probe: "est introuvable sur son fil",
  crc: "envoie des relevés illisibles",
  out_of_range: "affiche une température impossible",
};

/** the rule sets shipped in shared/profiles/rule-sets.ts; a site's own keeps its name */
const RULE_SET: Record<string, string> = {
  "cdc-home": "CDC / ABM : lait d'une famille pour son propre bébé, à domicile",
  "nice-ukamb": "NICE CG93 / UKAMB : lait de don (Royaume-Uni)",
  hmbana: "banques membres de la HMBANA : lait de don (États-Unis et Canada)",
  "ny-bank": "lactarium de l'État de New York (10 NYCRR 52-9.6)",
};

const ruleSet = (v: RuleSetNamed): string => `le référentiel « ${RULE_SET[v.ruleSetId] ?? v.ruleSet} »`;

const WIFI = "vérifiez qu'il est alimenté et à portée du Wi-Fi";
const REFROZEN = "Un lait décongelé puis recongelé ne doit pas être donné.";

function bag(b: BagNamed, f: WordFormat): string {
  return `Le ${b.container === "bottle" ? "biberon" : "sachet"} de ${f.number(b.volumeMl)} ml tiré le ${f.day(b.expressedAtMs)}`;
}

export const FRENCH: AlertWordSet = {
  "excursion.raised": (v, f) => {
    const todo =
      v.side === "low"
        ? "Le lait risque de geler : montez le thermostat."
        : v.critical
          ? "Le lait risque de commencer à décongeler : placez tout de suite les sachets dans un congélateur qui fonctionne ou dans une glacière avec des pains de glace."
          : "Vérifiez que la porte est bien fermée et que l'appareil est sous tension.";
    const how = v.side === "high" ? "au-dessus" : "en dessous";
    return `L'air de ${PLACE[v.place].this} est ${how} de ${f.temp(v.limitC)} depuis ${f.span(v.spanMs)} (actuellement ${f.temp(v.airC)}). ${todo}`;
  },
  "excursion.cleared": (v, f) =>
    `L'air est revenu dans sa limite (actuellement ${f.temp(v.airC)}) au bout de ${f.span(v.spanMs)} ; la température la plus ${v.side === "high" ? "haute" : "basse"} a été de ${f.temp(v.peakC)}. Vérifiez l'état des sachets avant de clore cette alerte.`,
  "silence.raised": (v, f) =>
    v.lastReadingMs === null
      ? `Aucun relevé n'est arrivé du capteur de ${PLACE[v.place].this} en ${f.span(v.silentMs)} : ${WIFI}.`
      : `Aucun relevé du capteur de ${PLACE[v.place].this} depuis ${f.span(v.silentMs)} (dernier relevé : ${f.time(v.lastReadingMs)}) : ${WIFI}. Sa température reste inconnue tant qu'il ne transmet pas.`,
  "silence.cleared": (v) =>
    `Le capteur de ${PLACE[v.place].this} transmet de nouveau ; la courbe montre la période sans relevés.`,
  "battery.raised": (v, f) =>
    `La batterie du capteur est faible (${f.number(v.volts, 2)} V) : rechargez-la ou remplacez-la d'ici un jour ou deux, sinon le capteur cessera d'émettre.`,
  "battery.cleared": (v, f) => `La batterie du capteur est de nouveau chargée (${f.number(v.volts, 2)} V).`,
  "probe.raised": (v) =>
    `La sonde de température de ${PLACE[v.place].this} ${v.fault ? WHAT[v.fault] : "ne donne aucune température"} : vérifiez son câble et sa prise. Tant qu'elle ne mesure pas de nouveau, ${PLACE[v.place].unwatched}.`,
  "probe.cleared": () => "La sonde de température donne de nouveau des relevés.",
  "bag.partly-thawed": (v, f) => {
    const rule = v.mayRefreeze
      ? `Tant qu'il contient de la glace, il peut retourner dans un congélateur qui fonctionne (selon ${ruleSet(v)}).`
      : `${capital(ruleSet(v))} ne permet pas de le recongeler : gardez-le au froid et utilisez-le, ou jetez-le.`;
    return `${bag(v, f)} a commencé à décongeler dans ${PLACE[v.place].this} : environ ${f.number(v.meltedPercent)} % de sa glace a fondu (lait à ${f.temp(v.milkC)}). ${rule}`;
  },
  "bag.frozen-again": (v, f) =>
    `${bag(v, f)} est de nouveau congelé à cœur. Il contenait encore de la glace : ${ruleSet(v)} permet de le recongeler.`,
  "bag.thawed": (v, f) => {
    const when = v.thawedAtMs === null ? "" : ` depuis le ${f.time(v.thawedAtMs)}`;
    return `${bag(v, f)} est entièrement décongelé${when}. Gardez-le au réfrigérateur et utilisez-le dans les ${f.number(v.useWithinH)} h qui suivent la décongélation ; ne le recongelez jamais.`;
  },
  "bag.refrozen": (v, f) => {
    const why =
      v.after === "partial-thaw"
        ? `après une décongélation partielle, ce que ${ruleSet(v)} n'autorise pas`
        : "après avoir entièrement décongelé";
    return `${bag(v, f)} a été recongelé ${why} : jetez-le. ${REFROZEN}`;
  },
  "bag.thaw-limit": (v, f) =>
    `${bag(v, f)} a commencé à décongeler le ${f.time(v.thawFromMs)} ; son délai d'utilisation a pris fin le ${f.time(v.useByMs)}. Jetez-le.`,
  "bag.expired": (v, f) => {
    const how =
      v.kept === "fresh"
        ? `est gardé sans être congelé depuis plus de ${f.number(v.limit)} h`
        : `est congelé depuis plus de ${f.number(v.limit)} jours`;
    return `${bag(v, f)} ${how}, la limite fixée par ${ruleSet(v)} : ne le donnez pas ; jetez-le ou demandez conseil au lactarium.`;
  },
};

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
