// The people of the site: listed so staff can pick a donor or courier; created by an admin.
import type { Router } from "express";
import { NewUserBody } from "../../../shared/api/requests.js";
import { createUser, publicUser } from "../../auth/users.js";
import { conflict } from "../../errors.js";
import type { RouteContext } from "../context.js";
import { apiRouter } from "../typed-router.js";
import { parseInput } from "../validate.js";

export function userRoutes(ctx: RouteContext): Router {
  const api = apiRouter("/api/users");
  api.get("/", () => ctx.site.users.list().map(publicUser), { needs: "listPeople" });
  api.post(
    "/",
    async (req, res) => {
      const input = parseInput(NewUserBody, req.body);
      if (ctx.site.users.byName(input.name) || ctx.site.users.get(input.id ?? input.name)) {
        throw conflict(`a user named '${input.name}' already exists`);
      }
      const user = await createUser(ctx.site, input);
      ctx.audit(res, "user.created", `user:${user.name}`, { id: user.id, role: user.role });
      return publicUser(user);
    },
    { needs: "createUsers", status: 201 },
  );
  return api.router;
}
