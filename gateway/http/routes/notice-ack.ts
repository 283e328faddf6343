// The acknowledge link in a notice opens this small page, signed in by the link alone: opening it
// acknowledges nothing (a mail scanner that follows links must not), it asks what is being done (a
// critical alert needs the answer) and the form acknowledges the alert in the person's name, once.
import express, { type Response, Router } from "express";
import { AckLinkBody } from "../../../shared/api/notifications.js";
import { kindLabel } from "../../../shared/rules/kinds.js";
import { AppError } from "../../errors.js";
import { type AckClaim, ackLinkKey, readAckToken } from "../../notify/ack-link.js";
import { htmlText } from "../../notify/render.js";
import type { Alert } from "../../store/records.js";
import type { RouteContext } from "../context.js";

/** the form is one comment */
const FORM_LIMIT = "8kb";

export function noticeAckRoutes(ctx: RouteContext): Router {
  const router = Router();

  /** the alert and claim behind a genuine, unexpired link, or the page that says why not */
  function open(token: string, res: Response): { claim: AckClaim; alert: Alert } | undefined {
    const check = readAckToken(ackLinkKey(ctx.site), token, ctx.clock.now());
    const alert = check.ok ? ctx.site.alerts.get(check.claim.alertId) : undefined;
    if (!check.ok || !alert) {
      page(res, 410, "This link does not work", check.ok ? "The alert no longer exists." : check.problem);
      return undefined;
    }
    if (alert.state !== "open") {
      const by = alert.ack ? ` by ${ctx.site.users.get(alert.ack.by)?.displayName ?? alert.ack.by}` : "";
      page(
        res,
        409,
        "Already acknowledged",
        `${describe(alert)} is ${alert.state}${by}. Nothing more to do here.`,
      );
      return undefined;
    }
    return { claim: check.claim, alert };
  }

  router.get("/ack/:token", (req, res) => {
    const found = open(req.params.token, res);
    if (!found) return;
    const { alert } = found;
    const needed = alert.severity === "critical";
    page(
      res,
      200,
      "Acknowledge this alert",
      `${describe(alert)}\n${alert.message}`,
      `<form method="post"><label for="comment">What are you doing about it?${needed ? " (needed for a critical alert)" : ""}</label><br>
<textarea id="comment" name="comment" rows="4" cols="40" maxlength="2000"${needed ? " required" : ""}></textarea><br>
<button type="submit">Acknowledge</button></form>`,
    );
  });

  router.post("/ack/:token", express.urlencoded({ extended: false, limit: FORM_LIMIT }), (req, res) => {
    const found = open(req.params.token, res);
    if (!found) return;
    const { claim, alert } = found;
    const form = AckLinkBody.safeParse(req.body ?? {});
    if (!form.success)
      return page(res, 400, "Not acknowledged", "The comment is too long: 2,000 characters at most.");
    const { comment } = form.data;
    try {
      ctx.site.transaction(() => {
        if (!ctx.site.notices.claimLink(claim.nonce, ctx.clock.now()))
          throw new AppError("MILK_ERR_CONFLICT", "this link has been used already", 409);
        ctx.alerts.acknowledge(alert.id, claim.userId, comment);
      });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      return page(res, err.status, "Not acknowledged", err.message);
    }
    page(
      res,
      200,
      "Acknowledged",
      `${describe(alert)}: thank you. The reminders stop; resolve it on the dashboard once it is over.`,
    );
  });
  return router;
}

function describe(alert: Alert): string {
  return `${kindLabel(alert.kind)} (${alert.severity})`;
}

function page(res: Response, status: number, title: string, text: string, form = ""): void {
  const body = text
    .split("\n")
    .map((line) => `<p>${htmlText(line)}</p>`)
    .join("\n");
  res
    .status(status)
    .type("html")
    .set("cache-control", "no-store")
    .set("referrer-policy", "no-referrer")
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${htmlText(title)} · MilkGuard</title></head><body><h1>${htmlText(title)}</h1>\n${body}\n${form}</body></html>`,
    );
}
