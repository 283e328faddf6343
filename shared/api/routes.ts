// Every route of the HTTP API, once: what it takes (the zod schemas in requests.ts) and what it
// answers (the `data` of the { status: "ok", data } envelope). The gateway's handlers are typed by
// it (gateway/http/typed-router.ts) and so is the page's get/post (dashboard/src/api.ts).
import type { z } from "zod";
import type {
  AlertDetail,
  AuditCheck,
  BatchHistory,
  CsvFile,
  DailyRow,
  PlacedBatch,
  Profiles,
  ProvisionedDevice,
  QuarantineList,
  QuarantineRelease,
  ReadingsWindow,
  Session,
  ThawCurve,
  TripChoices,
  TripReportAnswer,
  UnitDetail,
  UnitSummary,
} from "./answers.js";
import type { Me } from "./capabilities.js";
import type * as N from "./notifications.js";
import type * as P from "./preferences.js";
import type { Alert, AuditEntry, Batch, Device, Trip, Unit, User } from "./records.js";
import type * as R from "./requests.js";

/** a route: its answer, and its body or query schema when it takes one */
interface Route<Answer, Body extends z.ZodType = never, Query extends z.ZodType = never> {
  answer: Answer;
  body: Body;
  query: Query;
}

export interface ApiRoutes {
  /** no session needed: the health of each part (503 when one is down) */
  "GET /healthz": Route<Record<string, unknown>>;
  /** no session needed: Prometheus text, not JSON */
  "GET /metrics": Route<string>;

  "POST /api/login": Route<Session, typeof R.LoginBody>;
  "POST /api/logout": Route<{ loggedOut: true }>;
  "GET /api/me": Route<Me>;
  /** the signed-in user's own language and temperature unit */
  "POST /api/me/preferences": Route<Me, typeof P.PreferencesBody>;

  /** no session needed: the setup link's token creates the first admin */
  "POST /api/setup": Route<User, typeof R.SetupBody>;

  "GET /api/users": Route<User[]>;
  "POST /api/users": Route<User, typeof R.NewUserBody>;
  "POST /api/users/:id": Route<User, typeof R.UserChangeBody>;
  "POST /api/users/:id/password": Route<User, typeof R.PasswordBody>;
  /** the account can no longer sign in, and its sessions end */
  "POST /api/users/:id/disable": Route<User>;

  "GET /api/units": Route<UnitSummary[]>;
  "GET /api/units/:id": Route<UnitDetail>;
  "POST /api/units": Route<Unit, typeof R.NewUnitBody>;
  "GET /api/units/:id/readings": Route<ReadingsWindow, never, typeof R.ReadingsQuery>;

  "GET /api/profiles": Route<Profiles>;

  "GET /api/devices": Route<Device[], never, typeof R.DeviceListQuery>;
  "POST /api/devices": Route<ProvisionedDevice, typeof R.NewDeviceBody>;
  /** new password and HMAC key, shown once; the old ones stop working */
  "POST /api/devices/:id/rotate": Route<ProvisionedDevice>;
  /** the device can no longer connect; its readings stay */
  "POST /api/devices/:id/retire": Route<Device>;

  "GET /api/alerts": Route<Alert[], never, typeof R.AlertListQuery>;
  "GET /api/alerts/:id": Route<AlertDetail>;
  "POST /api/alerts/:id/acknowledge": Route<Alert, typeof R.AcknowledgeBody>;
  /** every open alert of one unit, one comment */
  "POST /api/alerts/acknowledge": Route<Alert[], typeof R.AcknowledgeUnitBody>;
  "POST /api/alerts/:id/resolve": Route<Alert, typeof R.ResolveBody>;

  "GET /api/batches": Route<Batch[], never, typeof R.BatchListQuery>;
  "POST /api/batches": Route<PlacedBatch, typeof R.NewBatchBody>;
  "POST /api/batches/:id/move": Route<PlacedBatch, typeof R.MoveBody>;
  "POST /api/batches/:id/discard": Route<Batch, typeof R.DiscardBody>;
  "GET /api/batches/:id/history": Route<BatchHistory>;
  "GET /api/batches/:id/thaw": Route<ThawCurve, never, typeof R.ThawQuery>;

  "GET /api/trips": Route<Trip[], never, typeof R.TripListQuery>;
  "GET /api/trips/choices": Route<TripChoices>;
  "POST /api/trips": Route<Trip, typeof R.StartTripBody>;
  "POST /api/trips/:id/pickups": Route<Trip, typeof R.PickupBody>;
  "POST /api/trips/:id/handover": Route<Trip, typeof R.HandoverBody>;
  "POST /api/trips/:id/reception": Route<Trip, typeof R.ReceptionBody>;
  "GET /api/trips/:id/report": Route<TripReportAnswer | CsvFile, never, typeof R.TripReportQuery>;
  "GET /api/trips/:id/report.csv": Route<CsvFile>;

  "GET /api/reports/daily": Route<DailyRow[] | CsvFile, never, typeof R.DailyQuery>;

  "GET /api/audit": Route<AuditEntry[], never, typeof R.AuditQuery>;
  "GET /api/audit/verify": Route<AuditCheck>;

  "GET /api/quarantine": Route<QuarantineList, never, typeof R.QuarantineListQuery>;
  "POST /api/quarantine/release": Route<QuarantineRelease, typeof R.ReleaseBody>;

  "GET /api/notifications/settings": Route<N.NotificationSettings>;
  "POST /api/notifications/settings": Route<N.NotificationSettings, typeof N.NotificationSettingsBody>;
  "POST /api/notifications/test": Route<N.NotificationTest>;
  "GET /api/notifications/site": Route<N.SiteNotificationSettings>;
  "GET /api/notifications/push": Route<N.PushDevices>;
  "POST /api/notifications/push": Route<N.PushDevices, typeof N.PushSubscriptionBody>;
  "POST /api/notifications/push/remove": Route<N.PushDevices, typeof N.PushRemoveBody>;
  /** no session needed: the acknowledge link in a notice; an HTML page, not JSON */
  "GET /ack/:token": Route<string>;
  /** no session needed: the acknowledge page's form (form-encoded); an HTML page */
  "POST /ack/:token": Route<string, typeof N.AckLinkBody>;
}

export type RouteKey = keyof ApiRoutes;
export type Method = "GET" | "POST";

/** "GET /api/units/:id" → "/api/units/:id" */
export type PathOf<M extends Method> = {
  [K in RouteKey]: K extends `${M} ${infer P}` ? P : never;
}[RouteKey];

export type Answer<K extends RouteKey> = ApiRoutes[K]["answer"];

/** the answer when it is JSON (a route that may answer CSV answers JSON unless asked otherwise) */
export type JsonAnswer<K extends RouteKey> = Exclude<Answer<K>, CsvFile>;

/** the body as a client writes it (defaults may be left out); empty when the route takes none */
export type Body<K extends RouteKey> = [ApiRoutes[K]["body"]] extends [never]
  ? Record<never, never>
  : z.input<ApiRoutes[K]["body"]>;

/** the query as a client writes it: numbers may be given as numbers; never when the route takes none */
export type Query<K extends RouteKey> = [ApiRoutes[K]["query"]] extends [never]
  ? never
  : QueryOf<z.input<ApiRoutes[K]["query"]>>;
type QueryOf<T> = { [F in keyof T]?: unknown extends T[F] ? number : T[F] };

/** "/api/units/:id/readings" → { id: string } */
export type Params<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? { [N in Name]: string } & Params<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? { [N in Name]: string }
    : Record<never, never>;
