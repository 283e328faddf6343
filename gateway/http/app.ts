// The gateway's HTTP side as an express app (no listen: server.ts is the part that listens): the JSON
// API under /api, live events, the health check, metrics and the dashboard's files. Everything it
// serves comes in its deps, built once by app.ts.
import { join } from "node:path";
import compression from "compression";
import express, { type Express } from "express";
import { requireUser } from "./authenticate.js";
import { type HttpDeps, routeContext } from "./context.js";
import { errorHandler, unknownRoute } from "./envelope.js";
import { alertRoutes } from "./routes/alerts.js";
import { auditRoutes } from "./routes/audit.js";
import { batchRoutes } from "./routes/batches.js";
import { deviceRoutes } from "./routes/devices.js";
import { healthRoutes } from "./routes/health.js";
import { noticeAckRoutes } from "./routes/notice-ack.js";
import { notificationRoutes } from "./routes/notifications.js";
import { preferenceRoutes } from "./routes/preferences.js";
import { profileRoutes } from "./routes/profiles.js";
import { quarantineRoutes } from "./routes/quarantine.js";
import { readingRoutes } from "./routes/readings.js";
import { reportRoutes } from "./routes/reports.js";
import { sessionRoutes } from "./routes/session.js";
import { tripRoutes } from "./routes/trips.js";
import { unitRoutes } from "./routes/units.js";
import { userRoutes } from "./routes/users.js";
import { sameOriginWrites } from "./same-origin.js";
import { staticFiles } from "./static-files.js";

export type { HttpDeps } from "./context.js";

export function createHttpApp(deps: HttpDeps): Express {
  const ctx = routeContext(deps);

  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", "loopback");
  // gzip; the live events say no-transform (sse.ts), so each goes out as it happens, never held in a buffer
  app.use(compression());
  app.use(healthRoutes(ctx));

  const api = express.Router();
  api.use(sameOriginWrites);
  api.use(express.json({ limit: "100kb" }));
  api.use(sessionRoutes(ctx));
  api.use(requireUser(ctx.site, ctx.clock));
  api.get("/events", deps.live.stream(ctx));
  api.use("/me", preferenceRoutes(ctx));
  api.use("/users", userRoutes(ctx));
  api.use("/units", unitRoutes(ctx), readingRoutes(ctx));
  api.use("/profiles", profileRoutes(ctx));
  api.use("/devices", deviceRoutes(ctx));
  api.use("/alerts", alertRoutes(ctx));
  api.use("/batches", batchRoutes(ctx));
  api.use("/trips", tripRoutes(ctx));
  api.use("/reports", reportRoutes(ctx));
  api.use("/audit", auditRoutes(ctx));
  api.use("/quarantine", quarantineRoutes(ctx));
  api.use("/notifications", notificationRoutes(ctx));
  api.use(unknownRoute);
  app.use("/api", api);
  // the acknowledge link in a notice: no session, the signed link is the credential
  app.use(noticeAckRoutes(ctx));

  app.use(staticFiles(deps.dashboardDir ?? join(process.cwd(), "dist", "dashboard")));
  app.use(unknownRoute);
  app.use(errorHandler(deps.log));
  return app;
}
