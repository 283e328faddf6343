// The people of the site: listed so staff can pick a donor or courier; created, changed, given a new
// password and disabled by an admin (auth/accounts.ts, each change audited).
import type { Response, Router } from "express";
import { NewUserBody, PasswordBody, UserChangeBody } from "../../../shared/api/requests.js";
import { type AuditLine, addUser, changeUser, disableUser, setPassword } from "../../auth/accounts.js";
import { publicUser } from "../../auth/users.js";
import { notFound } from "../../errors.js";
import type { User } from "../../store/records.js";
import type { RouteContext } from "../context.js";
import { apiRouter } from "../typed-router.js";
import { parseInput } from "../validate.js";

export function userRoutes(ctx: RouteContext): Router {
  const api = apiRouter("/api/users");
  const auditAs =
    (res: Response): AuditLine =>
    (action, subject, details) =>
      ctx.audit(res, action, subject, details);
  /** their sessions ended with the change; their open live streams end with them */
  const signedOut = (user: User) => {
    ctx.live.endFor(user.id);
    return publicUser(user);
  };
  const user = (id: string): User => {
    const found = ctx.site.users.get(id);
    if (!found) throw notFound("user", id);
    return found;
  };

  api.get("/", () => ctx.site.users.list().map(publicUser), { needs: "listPeople" });
  api.post(
    "/",
    async (req, res) => publicUser(await addUser(ctx.site, parseInput(NewUserBody, req.body), auditAs(res))),
    { needs: "createUsers", status: 201 },
  );
  api.post(
    "/:id",
    (req, res) =>
      publicUser(
        changeUser(ctx.site, user(req.params.id), parseInput(UserChangeBody, req.body), auditAs(res)),
      ),
    { needs: "createUsers" },
  );
  api.post(
    "/:id/password",
    async (req, res) => {
      const { password } = parseInput(PasswordBody, req.body);
      return signedOut(await setPassword(ctx.site, user(req.params.id), password, auditAs(res)));
    },
    { needs: "createUsers" },
  );
  api.post(
    "/:id/disable",
    (req, res) => signedOut(disableUser(ctx.site, user(req.params.id), auditAs(res))),
    {
      needs: "createUsers",
    },
  );
  return api.router;
}
