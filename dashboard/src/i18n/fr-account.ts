// Les mots des pages de chacun en français (connexion, premier administrateur, Wi-Fi du capteur,
// notifications) et des erreurs de la passerelle, clé pour clé comme en-account.ts.

import type { Plural } from "./en.js";
import type { errorsEn, loginEn, notificationsEn, setupEn, siteSettingsEn, wifiEn } from "./en-account.js";

export const loginFr: typeof loginEn = {
  signIn: "Se connecter",
  name: "Identifiant",
  password: "Mot de passe",
  welcome: "Connectez-vous pour voir votre lait.",
};

export const setupFr: typeof setupEn = {
  form: "Créer le premier administrateur",
  name: "Identifiant de connexion",
  shownName: "Nom affiché aux autres",
  shownNameHint: "p. ex. Nora Jones, responsable du lactarium",
  password: "Mot de passe",
  again: "Mot de passe, encore",
  create: "Créer l'administrateur",
  differ: "Les deux mots de passe sont différents.",
  title: "Installer MilkGuard",
  intro:
    "Ce site n'a pas encore d'administrateur. L'administrateur ajoute les congélateurs, réfrigérateurs " +
    "et glacières, leurs capteurs, et les personnes : équipe, collecteurs et donneuses. Ce lien ne sert " +
    "qu'une fois, pendant une heure.",
};

export const wifiFr: typeof wifiEn = {
  title: "Connecter mon capteur au Wi-Fi",
  steps: [
    "Branchez le capteur sur cet ordinateur avec son câble USB.",
    "Tapez le nom et le mot de passe de votre Wi-Fi, comme votre téléphone les utilise.",
    "Appuyez sur Connecter, et choisissez le capteur dans la liste (souvent « USB Serial » ou « CP2102 »).",
  ],
  needsChrome:
    "Cette page demande Chrome ou Edge sur un ordinateur. Ou demandez à votre lactarium : il peut régler le Wi-Fi du capteur pour vous.",
  name: "Nom du Wi-Fi",
  password: "Mot de passe du Wi-Fi",
  connect: "Connecter",
  talking: "Dialogue avec le capteur…",
  joined: (ssid: string) =>
    `✓ Le capteur s'est connecté à ${ssid}. Débranchez-le, posez-le près du congélateur et branchez-le sur son chargeur : il apparaît « en ligne » en moins d'une minute.`,
  noAnswer:
    "Le capteur n'a pas répondu. Est-ce bien un capteur MilkGuard ? Débranchez-le, rebranchez-le et réessayez.",
  tooOld: "Le programme de ce capteur est trop ancien pour régler le Wi-Fi : demandez à votre lactarium.",
  couldNotJoin: (ssid: string, reason: string) =>
    `Le capteur n'a pas pu se connecter à ${ssid} (${reason}) : vérifiez le nom et le mot de passe.`,
};

export const notificationsFr: typeof notificationsEn = {
  title: "Notifications",
  intro:
    "Où MilkGuard vous prévient d'une alerte. Une alerte critique arrive toujours tout de suite, même pendant les heures calmes.",
  channels: {
    email: "E-mail",
    sms: "SMS",
    push: "Notification sur le téléphone",
  },
  notOffered: " (non configuré sur ce site)",
  phonePlaceholder: "+33612345678",
  sendBy: "Envoyer les alertes par",
  email: "Adresse e-mail",
  phone: "Numéro de portable",
  phoneHint: "avec l'indicatif du pays, pour les SMS",
  quietHours: "Heures calmes",
  holdWarnings: " Garder les alertes la nuit (les alertes critiques arrivent quand même)",
  from: "De",
  until: "À",
  save: "Enregistrer",
  saved: "✓ Enregistré.",
  thisDevice: "Sur ce téléphone ou cet ordinateur",
  cannotPush:
    "Ce navigateur ne peut pas afficher les notifications de MilkGuard. Sur un iPhone, ajoutez d'abord MilkGuard à l'écran d'accueil (Partager, Sur l'écran d'accueil) et ouvrez-le depuis là.",
  turnOff: "Désactiver sur cet appareil",
  turnOn: "Activer sur cet appareil",
  comeHere: "✓ Les notifications arrivent sur cet appareil.",
  notHere: "Les notifications n'arrivent pas sur cet appareil.",
  devices: { one: "# appareil en tout.", other: "# appareils en tout." } as Plural,
  blocked: "Les notifications sont bloquées pour ce site dans les réglages du navigateur.",
  couldNotChange: (why: string) => `Impossible de changer : ${why}`,
  noKeys: "le navigateur n'a pas donné de clés de notification",
  sendTest: "M'envoyer un essai",
  onItsWay: (channel: string, to: string) => `✓ ${channel} à ${to} : en route`,
  chooseFirst: "Choisissez d'abord un moyen.",
};

export const siteSettingsFr: typeof siteSettingsEn = {
  title: "Réglages de ce site",
  intro:
    "Fixés dans le fichier de configuration (docs/notifications.md) ; les secrets ne sont jamais affichés.",
  columns: ["Réglage", "Valeur"],
  set: "défini",
  notSet: "non défini",
  notSetUp: "non configuré",
  none: "aucun",
  nothing: "rien",
  links: "Les liens des notifications commencent par",
  timeZone: "Fuseau horaire (heures calmes, planning)",
  ackLinks: "Les liens de prise en compte marchent",
  ackHours: (hours: number) => `${hours} h, une fois`,
  email: "E-mail",
  emailValue: (server: string, from: string, login: string, password: string) =>
    `${server}, de ${from}, identifiant ${login}, mot de passe ${password}`,
  sms: "SMS",
  twilio: (account: string, from: string, token: string) =>
    `Twilio, compte ${account}, de ${from}, jeton ${token}`,
  http: (url: string, headers: string) => `HTTP ${url}, en-têtes ${headers}`,
  webhook: "Webhook",
  step: (n: number, name: string) => `Escalade, étape ${n} : ${name}`,
  pending: "En attente d'envoi",
};

export const errorsFr: typeof errorsEn = {
  codes: {
    MILK_ERR_UNAUTHENTICATED:
      "Identifiant ou mot de passe incorrect, ou vous avez été déconnecté : reconnectez-vous.",
    MILK_ERR_FORBIDDEN: "Vous n'avez pas le droit de faire ou de voir ceci.",
    MILK_ERR_NOT_FOUND: "Introuvable : rien ne porte ce nom ou ce code ici. Vérifiez l'étiquette ou le lien.",
    MILK_ERR_INVALID: "Une valeur du formulaire n'est pas acceptée : vérifiez ce que vous avez saisi.",
    MILK_ERR_CONFLICT:
      "Impossible pour l'instant : cela a changé entre-temps (déjà fait, déjà remis ou déjà résolu).",
    MILK_ERR_TOO_MANY_ATTEMPTS:
      "Trop de mots de passe erronés : attendez quelques minutes avant de réessayer.",
    MILK_ERR_STORE_UNAVAILABLE:
      "Le système du lactarium ne peut pas enregistrer pour le moment : réessayez dans un instant.",
    MILK_ERR_INTERNAL: "Une erreur s'est produite dans le système du lactarium.",
  },
  unreachable: "Impossible de joindre la passerelle : est-elle en marche ?",
  unknown: "Une erreur s'est produite",
};
