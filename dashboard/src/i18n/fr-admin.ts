// Les mots des pages d'administration et de la quarantaine en français, clé pour clé comme en-admin.ts.
import { MIN_PASSWORD_CHARS } from "../../../shared/api/password-rule.js";
import type { Plural } from "./en.js";
import type { adminEn, devicesEn, quarantineEn, unitsEn, usersEn } from "./en-admin.js";

export const adminFr: typeof adminEn = {
  title: "Administration",
  sections: {
    users: ["Personnes", "équipe, collecteurs et donneuses : leur rôle, e-mail et téléphone, mots de passe"],
    units: ["Appareils", "congélateurs, réfrigérateurs et glacières, avec leurs limites"],
    devices: ["Capteurs", "ajouter un capteur et son fichier de configuration, nouveaux secrets, retrait"],
  },
};

export const devicesFr: typeof devicesEn = {
  title: "Capteurs",
  download: "Télécharger le fichier de configuration",
  qrOf: (file: string) => `QR code de ${file}`,
  secretsOf: (id: string) => `Secrets de ${id}`,
  secretsTitle: (id: string) => `Capteur ${id} : ses secrets, affichés cette seule fois`,
  keepFile:
    "Gardez le fichier jusqu'à ce que le capteur soit programmé ; la passerelle ne garde qu'une empreinte du mot de passe.",
  password: "Mot de passe",
  hmacKey: "Clé HMAC",
  broker: "Broker",
  thenFlash: "Puis, la carte branchée en USB : ",
  retired: "retiré",
  newSecrets: "Nouveaux secrets",
  retireConfirm: (id: string) =>
    `Retirer le capteur ${id} ? Il ne pourra plus se connecter ; ses mesures restent.`,
  retire: "Retirer",
  columns: [
    "Capteur",
    "Appareil",
    "Carte",
    "Firmware",
    "État",
    "Dernier signe",
    "Pile",
    "Signal",
    "Mesures perdues",
    "Actions",
  ],
  online: "● en ligne",
  offline: "○ hors ligne",
  never: "jamais",
  add: "Ajouter un capteur",
  unit: "Appareil",
  board: "Carte",
  name: "Nom du capteur",
  namePlaceholder: "inventé s'il est laissé vide",
  nameHint: "a-z, 0-9 et « - » ; il fait partie des topics MQTT",
  addButton: "Ajouter le capteur",
};

export const unitsFr: typeof unitsEn = {
  title: "Appareils",
  limits: {
    warningHighC: "Alerte au-dessus de",
    criticalHighC: "Critique au-dessus de",
    lowC: "Trop froid au-dessous de",
    alarmDelayMin: "Alarme après, en minutes",
    hysteresisC: "Fin d'alarme à cet écart en deçà",
    intervalS: "Une mesure toutes les, en secondes",
    silentAfterMin: "Silence toléré jusqu'à, en minutes",
  },
  limitColumns: ["Limite", "Valeur", "Source"],
  limitsOf: (profile: string) => `Limites de ${profile}`,
  columns: ["Appareil", "Profil", "Propriétaire"],
  theSite: "le site",
  theSiteBank: "le site (lactarium)",
  add: "Ajouter un appareil",
  name: "Nom",
  nameHint: "p. ex. Congélateur coffre 2, Congélateur d'Anna",
  profile: "Profil",
  owner: "Propriétaire",
  ownerHint: "une donneuse ne voit que ses propres appareils",
  addButton: "Ajouter",
};

export const usersFr: typeof usersEn = {
  title: "Personnes",
  roles: {
    admin: "Administrateur",
    staff: "Équipe du lactarium",
    courier: "Collecteur",
    donor: "Donneuse",
  },
  passwordRule:
    `Au moins ${MIN_PASSWORD_CHARS} caractères, pas un mot de passe courant, et sans votre nom. ` +
    "Quelques mots sans rapport entre eux font un bon mot de passe : facile à taper, difficile à deviner.",
  add: "Ajouter une personne",
  signInName: "Identifiant de connexion",
  shownName: "Nom affiché",
  role: "Rôle",
  email: "E-mail pour les notifications",
  phone: "Téléphone pour les SMS",
  phoneHint: "avec l'indicatif du pays, p. ex. +33612345678",
  password: "Mot de passe",
  addButton: "Ajouter",
  change: (name: string) => `Modifier ${name}`,
  save: "Enregistrer",
  newPasswordFor: (name: string) => `Nouveau mot de passe pour ${name}`,
  newPassword: "Nouveau mot de passe",
  newPasswordHint: "Ses sessions prennent fin ; un compte désactivé est rouvert.",
  setPassword: "Changer le mot de passe",
  disableFor: (name: string) => `Désactiver ${name}`,
  disable: "Désactiver le compte",
  disableConfirm: (name: string) =>
    `Désactiver ${name} ? La personne est déconnectée et ne peut plus se connecter.`,
  columns: ["Identifiant", "Nom affiché", "Rôle", "E-mail", "Téléphone", "Compte", "Actions"],
  disabled: "désactivé",
  canSignIn: "actif",
};

export const quarantineFr: typeof quarantineEn = {
  title: "Quarantaine",
  intro:
    "Les mesures envoyées par les capteurs que MilkGuard a refusées. Elles sont gardées ici, hors des courbes et des règles, jusqu'à ce qu'elles soient libérées.",
  reasons: {
    future_time: "Heure dans le futur : l'horloge du capteur avançait",
    before_earliest_time: "Heure avant 2026 : l'horloge du capteur n'était pas réglée",
    uptime_of_other_boot: "Datée d'un démarrage précédent du capteur : impossible à placer",
  },
  unreadable: (reason: string) => `Valeur illisible (${reason})`,
  allSensors: "tous les capteurs",
  everyReason: "tous les motifs",
  noneWaiting: "✓ Aucune mesure refusée en attente.",
  waiting: {
    one: "⚠ # mesure refusée en attente : ",
    other: "⚠ # mesures refusées en attente : ",
  } as Plural,
  overflow: (sensor: string, count: number, last: string) =>
    `‼ Capteur ${sensor} : ${count} autres mesures refusées n'ont pas été gardées (sa quarantaine était pleine), la dernière le ${last}.`,
  nothing: "Rien ici.",
  release: "Libérer",
  columns: ["Reçue le", "Capteur", "Appareil", "N°", "Motif", "Son heure", "Telle qu'envoyée"],
  releaseOne: (id: number) => `libérer la mesure ${id}`,
  sensor: "Capteur",
  why: "Motif",
  show: "Afficher",
  offset: "Correction d'horloge (secondes)",
  offsetHint: "ajoutée à l'heure de chaque mesure : -86400 pour une horloge en avance d'un jour",
  comment: "Commentaire",
  commentPlaceholder: "pourquoi elles peuvent être libérées",
  releaseButton: "Libérer les mesures cochées",
  tickFirst: "Cochez d'abord les mesures à libérer.",
  released: {
    one: "✓ # mesure libérée et enregistrée ; les règles la traitent comme une mesure arrivée en retard.",
    other:
      "✓ # mesures libérées et enregistrées ; les règles les traitent comme des mesures arrivées en retard.",
  } as Plural,
  stay: { one: " # reste : {whys}.", other: " # restent : {whys}." } as Plural,
};
