// Les mots des tournées de collecte en français, clé pour clé comme en-trips.ts.
import type { Plural } from "./en.js";
import type { reportEn, roadEn, tripsEn } from "./en-trips.js";

export const tripsFr: typeof tripsEn = {
  state: {
    waiting: ", rapport provisoire : en attente des mesures de la glacière",
    accepted: "✓ acceptée",
    rejected: "✖ refusée",
    handedOver: "⇥ remise, en attente de réception",
    onTheRoad: "▶ en tournée",
  },
  title: "Tournées",
  none: "Aucune tournée pour l'instant.",
  columns: ["Tournée", "Glacière", "Collecteur", "Départ", "Collectes", "État"],
  tripOf: (when: string) => `Tournée du ${when}`,
  aCoolBox: "glacière",
  aCourier: "collecteur",
  start: "Commencer une tournée",
  coolBox: "Glacière",
  courier: "Collecteur",
  startButton: "Commencer la tournée",
  notYours: "Vous n'avez pas accès à cette tournée.",
  all: "← Toutes les tournées",
  trip: "Tournée",
  report: "Rapport de tournée",
  started: "Départ",
  handedOver: "Remise",
  notYet: "pas encore",
  stateLabel: "État",
  reception: "Réception",
  decision: { accepted: "acceptée", rejected: "refusée" },
  decided: (decision: string, who: string, when: string, version: number) =>
    `Réception : ${decision} par ${who} le ${when}, sur la version ${version} du rapport`,
};

export const roadFr: typeof roadEn = {
  recordPickup: "Enregistrer une collecte",
  donor: "Donneuse",
  bagCodes: "Codes des sachets",
  bagCodesHint: "ceux des étiquettes, un par ligne (K7Q-4MY), tapés ou scannés",
  recordButton: "Enregistrer la collecte",
  pickUp: "Collecter",
  handOverTitle: "Remettre au lactarium",
  bagsFrom: {
    one: "# sachet de {donors} (liste ci-dessous), avec les mesures de la glacière. ",
    other: "# sachets de {donors} (liste ci-dessous), avec les mesures de la glacière. ",
  } as Plural,
  noBags: "Aucun sachet collecté. ",
  cannotUndo:
    "Une fois remise, la tournée est close et son rapport établi : on ne peut pas revenir en arrière.",
  confirmForm: "Confirmer la remise",
  confirm: "Confirmer la remise",
  cancel: "Annuler",
  handOver: "Remettre",
  comment: "Commentaire",
  commentProvisional: "obligatoire : pourquoi vous décidez avant d'avoir les mesures de la glacière",
  accept: "✓ Accepter",
  reject: "✖ Refuser",
};

export const reportFr: typeof reportEn = {
  chart: "Air dans la glacière pendant la tournée",
  provisional:
    "⚠ Provisoire : les mesures de la glacière ne couvrent pas encore toute la tournée (ce qui manque, ci-dessous). ",
  again: "Ce rapport est recalculé à mesure qu'elles arrivent.",
  air: "Air minimum / maximum",
  aboveCritical: "Temps au-dessus du seuil critique",
  aboveWarning: "Temps au-dessus du seuil d'alerte",
  allFrozen: "Tous les sachets sont restés congelés",
  report: "Rapport",
  version: (version: number, when: string) => `version ${version}, calculée le ${when}`,
  csv: "⬇ CSV",
  print: "Imprimer",
  yes: "✓ oui",
  no: "✖ non",
  notKnown: "? pas encore connu : il manque des mesures",
  notHandedOver: "pas encore remis",
  manifest: "Liste des sachets",
  manifestColumns: ["Donneuse", "Collecté le", "Sachet", "État", "Glace", "Resté congelé"],
  noPickup: "Aucune collecte pour l'instant.",
  versions: "Versions de ce rapport",
  versionColumns: ["Version", "Calculée le", "Verdict", "Mesures", "Pourquoi"],
  incomplete: "⚠ incomplètes",
  wholeTrip: "✓ toute la tournée",
};
