// What the routes are built from: the stores, the bus, the clock and the gateway's actions.

import type { Response } from "express";
import type { SiteDisplay } from "../../shared/api/preferences.js";
import type { UnitConditions } from "../../shared/rules/index.js";
import type { AlertActions } from "../alerts/workflow.js";
import type { EventBus } from "../bus.js";
import type { Clock } from "../clock.js";
import type { DeviceProvisioning } from "../devices/provisioning.js";
import type { BatchActions } from "../engine/batch-actions.js";
import type { ProfileCatalog } from "../engine/profile-catalog.js";
import type { Logger } from "../log.js";
import { auditedChange } from "../store/audited-change.js";
import type { ReadingsStore } from "../store/readings-store.js";
import type { SiteStore } from "../store/site-store.js";
import type { TripActions } from "../trips/trip-actions.js";
import { type Access, accessFor } from "./access.js";
import { currentUser } from "./authenticate.js";
import type { NotificationsApi } from "./routes/notifications.js";
import type { LiveEvents } from "./sse.js";

export interface HttpDeps {
  site: SiteStore;
  readings: ReadingsStore;
  bus: EventBus;
  clock: Clock;
  alerts: AlertActions;
  batches: BatchActions;
  devices: DeviceProvisioning;
  trips: TripActions;
  /** the site's profiles (with its overrides) and rule set */
  profiles: ProfileCatalog;
  log: Logger;
  /** the open event streams (sse.ts) */
  live: LiveEvents;
  renderMetrics(): string;
  health(): Record<string, unknown>;
  dashboardDir?: string;
  /** the unit's conditions as the rules see them now: its status follows them even after an alert is resolved */
  conditionsOf(unitId: string): UnitConditions;
  /** alert notices (gateway/notify) */
  notifications: NotificationsApi;
  /** the site's time zone (its days), and the language and unit a user sees until she picks hers */
  display: SiteDisplay;
}

export interface RouteContext extends HttpDeps {
  access(res: Response): Access;
  /** appends one audit line for the signed-in user */
  audit(res: Response, action: string, subject: string, details?: Record<string, unknown>): void;
}

export function routeContext(deps: HttpDeps): RouteContext {
  return {
    ...deps,
    access: (res) => accessFor(deps.site, currentUser(res)),
    audit: (res, action, subject, details = {}) => {
      const line = { atMs: deps.clock.now(), actor: currentUser(res).id, action, subject, details };
      auditedChange(deps.site, deps.bus, line);
    },
  };
}
