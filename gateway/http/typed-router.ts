// The API's routes declared against the route map (shared/api/routes.ts): a handler gets its path's
// parameters typed and returns what the map says the route answers, which goes out in the envelope
// (a route that answers CSV returns a CsvAnswer). A route missing from the map does not compile.
import { type Request, type RequestHandler, type Response, Router } from "express";
import type { CsvFile } from "../../shared/api/answers.js";
import type { Capability } from "../../shared/api/capabilities.js";
import type { Answer, Method, Params, PathOf, RouteKey } from "../../shared/api/routes.js";
import { requireCapability } from "./access.js";
import { sendOk } from "./envelope.js";

export class CsvAnswer implements CsvFile {
  constructor(
    readonly filename: string,
    readonly text: string,
  ) {}
}

/** what a handler returns: the route's JSON answer, or a CsvAnswer where the route may answer CSV */
type Reply<K extends RouteKey> =
  | Exclude<Answer<K>, CsvFile>
  | (CsvFile extends Answer<K> ? CsvAnswer : never);

/** a route's path below where its router is mounted: "/api/units/:id" under "/api/units" is "/:id" */
type Below<M extends Method, Base extends string> = {
  [P in PathOf<M>]: P extends Base ? "/" : P extends `${Base}/${infer Rest}` ? `/${Rest}` : never;
}[PathOf<M>];

type KeyOf<M extends Method, Base extends string, P extends string> = Extract<
  P extends "/" ? `${M} ${Base}` : `${M} ${Base}${P}`,
  RouteKey
>;

type Handler<K extends RouteKey, P extends string> = (
  req: Request<Params<P>>,
  res: Response,
) => Reply<K> | Promise<Reply<K>>;

export interface RouteOptions {
  /** runs first (the session routes, ahead of the API's sign-in check: who is signed in) */
  guard?: RequestHandler;
  /** the capability the route needs (403 without it, before anything else is read) */
  needs?: Capability;
  /** 201 for a route that creates */
  status?: 200 | 201;
}

export interface ApiRouter<Base extends string> {
  /** the express router, to mount */
  readonly router: Router;
  /** a capability every path below the mount point needs, unknown paths included */
  needs(capability: Capability): void;
  get<P extends Below<"GET", Base>>(
    path: P,
    handler: Handler<KeyOf<"GET", Base, P>, P>,
    options?: RouteOptions,
  ): void;
  post<P extends Below<"POST", Base>>(
    path: P,
    handler: Handler<KeyOf<"POST", Base, P>, P>,
    options?: RouteOptions,
  ): void;
}

/** the handlers express runs for a route: its capability check, then the handler, whose answer is sent */
function handlers<K extends RouteKey, P extends string>(
  handler: Handler<K, P>,
  { guard, needs, status = 200 }: RouteOptions = {},
): RequestHandler[] {
  const answer: RequestHandler = async (req, res) => {
    const reply = await handler(req as Request<Params<P>>, res);
    if (reply instanceof CsvAnswer) {
      res.type("text/csv; charset=utf-8").attachment(reply.filename).send(reply.text);
    } else sendOk(res, reply, status);
  };
  return [...(guard ? [guard] : []), ...(needs ? [requireCapability(needs)] : []), answer];
}

/** routes for the router mounted at `_base` ("/api/units"): the base is there for the types */
export function apiRouter<Base extends string>(_base: Base, mergeParams = false): ApiRouter<Base> {
  const router = Router({ mergeParams });
  return {
    router,
    needs: (capability) => {
      router.use(requireCapability(capability));
    },
    get: (path, handler, options) => {
      router.get(path, ...handlers(handler, options));
    },
    post: (path, handler, options) => {
      router.post(path, ...handlers(handler, options));
    },
  };
}
