// The people of the site: listed so staff can pick a donor or courier; created by an admin.
import { Router } from "express";
import { z } from "zod";
import { createUser, publicUser } from "../../auth/users.js";
import { conflict } from "../../errors.js";
import { requireRole } from "../authenticate.js";
import type { RouteContext } from "../context.js";
import { sendOk } from "../envelope.js";
import { parseInput } from "../validate.js";

const NewUserBody = z.object({
  id: z.string().min(1).max(64).optional(),
  name: z.string().min(1).max(64),
  displayName: z.string().min(1).max(120),
  role: z.enum(["admin", "staff", "courier", "donor"]),
  password: z.string().min(8).max(200),
});

export function userRoutes(ctx: RouteContext): Router {
  const router = Router();
  router.get("/", requireRole("admin", "staff"), (_req, res) => {
    sendOk(res, ctx.site.users.list().map(publicUser));
  });
  router.post("/", requireRole("admin"), async (req, res) => {
    const input = parseInput(NewUserBody, req.body);
    if (ctx.site.users.byName(input.name) || ctx.site.users.get(input.id ?? input.name)) {
      throw conflict(`a user named '${input.name}' already exists`);
    }
    const user = await createUser(ctx.site, input);
    ctx.audit(res, "user.created", `user:${user.name}`, { id: user.id, role: user.role });
    sendOk(res, publicUser(user), 201);
  });
  return router;
}
