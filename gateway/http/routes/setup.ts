// The first admin of a real site, from the one-time link the gateway printed (auth/first-admin.ts).
// No session: nobody can sign in yet. The token is the only key, and it works once.
import type { Router } from "express";
import { SetupBody } from "../../../shared/api/requests.js";
import { createFirstAdmin } from "../../auth/first-admin.js";
import { publicUser } from "../../auth/users.js";
import type { RouteContext } from "../context.js";
import { apiRouter } from "../typed-router.js";
import { parseInput } from "../validate.js";

export function setupRoutes(ctx: RouteContext): Router {
  const api = apiRouter("/api");
  api.post(
    "/setup",
    async (req) => {
      const { token, ...admin } = parseInput(SetupBody, req.body);
      const { user, audit } = await createFirstAdmin(ctx.site, ctx.clock, token, admin);
      for (const entry of audit) ctx.bus.emit("audit", entry);
      return publicUser(user);
    },
    { status: 201 },
  );
  return api.router;
}
