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

const block = <E extends LiveEvent>(event: E, data: LiveEventData[E]) =>
  `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

/**
 * One stream's writes. Readings come a message at a time, thousands a second at a busy site, and a
 * write each cost more than the reading itself (a chunk of the response, a socket write): those of
 * one turn of the event loop go out in one write at its end. Anything else goes out at once, after
 * the readings before it, so that a dashboard sees events in the order they happened.
 */
function streamWriter(res: Response) {
  let readings = "";
  let due: NodeJS.Immediate | undefined;
  const flush = () => {
    clearImmediate(due);
    due = undefined;
    if (readings === "") return;
    res.write(readings);
    readings = "";
  };
  return {
    reading(data: LiveEventData["reading"]) {
      readings += block("reading", data);
      due ??= setImmediate(flush);
    },
    now<E extends LiveEvent>(event: E, data: LiveEventData[E]) {
      flush();
      res.write(block(event, data));
    },
    stop: () => clearImmediate(due),
  };
}

export class LiveEvents implements Part {
  readonly name = "live events";
  /** each open stream's bus owner, response and heartbeat */
  private readonly open = new Map<string, { res: Response; heartbeat: NodeJS.Timeout; stop(): void }>();

  constructor(private readonly bus: EventBus) {}

  start(): void {
    // nothing to start: each stream subscribes as its browser connects
  }

  stop(): void {
    for (const [owner, stream] of this.open) this.end(owner, stream, stream.res);
  }

  /** ends the user's open streams: their account was disabled, or given a new password */
  endFor(userId: string): void {
    for (const [owner, stream] of this.open) {
      if (owner.startsWith(`sse:${userId}:`)) this.end(owner, stream, stream.res);
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
      const send = streamWriter(res);

      this.bus.on("readings", owner, (readings: BusEvents["readings"]) => {
        const a = access();
        for (const r of readings) {
          if (a.canSeeUnitAt(r.unitId, r.timeMs))
            send.reading({ unitId: r.unitId, timeMs: r.timeMs, tempC: r.tempC });
        }
      });
      this.bus.on("alert", owner, (alert) => {
        if (access().canSeeUnitAt(alert.unitId, alert.openedAtMs)) send.now("alert", alert);
      });
      this.bus.on("batch", owner, (batch) => {
        if (access().canSeeBatch(batch)) send.now("batch", batch);
      });
      this.bus.on("audit", owner, (entry) => {
        if (access().can.readAudit) send.now("audit", entry);
      });
      this.bus.on("trip", owner, (trip) => {
        const a = access();
        if (a.canSeeTrip(trip)) send.now("trip", a.tripView(trip));
      });

      const heartbeat = setInterval(() => res.write(": heartbeat\n\n"), HEARTBEAT_MS);
      const stream = { res, heartbeat, stop: send.stop };
      this.open.set(owner, stream);
      req.on("close", () => this.end(owner, stream));
    };
  }

  private end(owner: string, stream: { heartbeat: NodeJS.Timeout; stop(): void }, res?: Response): void {
    clearInterval(stream.heartbeat);
    stream.stop();
    this.bus.removeOwner(owner);
    this.open.delete(owner);
    res?.end();
  }
}
