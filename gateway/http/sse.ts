// Live events for the dashboard: readings, alerts, bags, trips and audit lines the user may see, pushed over
// server-sent events. Each connection is a bus listener removed when the browser goes away; as a part
// of the gateway, stop() ends every stream still open (the browser reconnects to the next gateway).
import type { RequestHandler, Response } from "express";
import type { LiveEvent, LiveEvents as LiveEventData } from "../../shared/api/live.js";
import type { BusEvents, EventBus } from "../bus.js";
import type { Part } from "../part.js";
import type { Access } from "./access.js";
import { currentUser } from "./authenticate.js";
import type { RouteContext } from "./context.js";

/** proxies and browsers drop a silent connection after ~30-60 s; a comment keeps it open */
export const HEARTBEAT_MS = 15_000;
/** how soon the browser reconnects after the gateway restarts */
const RETRY_MS = 5000;

let nextConnection = 0;

function send<E extends LiveEvent>(res: Response, event: E, data: LiveEventData[E]): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

export class LiveEvents implements Part {
  readonly name = "live events";
  /** each open stream's bus owner, response and heartbeat */
  private readonly open = new Map<string, { res: Response; heartbeat: NodeJS.Timeout }>();

  constructor(private readonly bus: EventBus) {}

  start(): void {
    // nothing to start: each stream subscribes as its browser connects
  }

  stop(): void {
    for (const [owner, { res, heartbeat }] of this.open) this.end(owner, heartbeat, res);
  }

  /** ends the user's open streams: their account was disabled, or given a new password */
  endFor(userId: string): void {
    for (const [owner, { res, heartbeat }] of this.open) {
      if (owner.startsWith(`sse:${userId}:`)) this.end(owner, heartbeat, res);
    }
  }

  /** GET /api/events */
  stream(ctx: RouteContext): RequestHandler {
    return (req, res) => {
      const owner = `sse:${currentUser(res).id}:${nextConnection++}`;
      // the user's trips (and so a courier's boxes) change while the stream is open: ask each time
      const access = (): Access => ctx.access(res);
      res.writeHead(200, {
        "Content-Type": "text/event-stream",
        "Cache-Control": "no-cache, no-transform",
        Connection: "keep-alive",
        "X-Accel-Buffering": "no",
      });
      res.write(`retry: ${RETRY_MS}\n: connected\n\n`);

      this.bus.on("readings", owner, (readings: BusEvents["readings"]) => {
        const a = access();
        for (const r of readings) {
          if (a.canSeeUnitAt(r.unitId, r.timeMs))
            send(res, "reading", { unitId: r.unitId, timeMs: r.timeMs, tempC: r.tempC });
        }
      });
      this.bus.on("alert", owner, (alert) => {
        if (access().canSeeUnitAt(alert.unitId, alert.openedAtMs)) send(res, "alert", alert);
      });
      this.bus.on("batch", owner, (batch) => {
        if (access().canSeeBatch(batch)) send(res, "batch", batch);
      });
      this.bus.on("audit", owner, (entry) => {
        if (access().can.readAudit) send(res, "audit", entry);
      });
      this.bus.on("trip", owner, (trip) => {
        const a = access();
        if (a.canSeeTrip(trip)) send(res, "trip", a.tripView(trip));
      });

      const heartbeat = setInterval(() => res.write(": heartbeat\n\n"), HEARTBEAT_MS);
      this.open.set(owner, { res, heartbeat });
      req.on("close", () => this.end(owner, heartbeat));
    };
  }

  private end(owner: string, heartbeat: NodeJS.Timeout, res?: Response): void {
    clearInterval(heartbeat);
    this.bus.removeOwner(owner);
    this.open.delete(owner);
    res?.end();
  }
}
