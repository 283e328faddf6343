// The one envelope every JSON answer uses: { status: "ok", data } or { status: "error", code, error }.
import type { ErrorRequestHandler, RequestHandler, Response } from "express";
import { AppError } from "../errors.js";
import type { Logger } from "../log.js";

export function sendOk(res: Response, data: unknown, status = 200): void {
  res.status(status).json({ status: "ok", data });
}

export const unauthenticated = (message: string) => new AppError("MILK_ERR_UNAUTHENTICATED", message, 401);

/** A validation error that names the field it is about. */
export class FieldError extends AppError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super("MILK_ERR_INVALID", field ? `${field}: ${message}` : message, 400);
  }
}

export const unknownRoute: RequestHandler = (req, _res, next) => {
  next(new AppError("MILK_ERR_NOT_FOUND", `no route ${req.method} ${req.path}`, 404));
};

/** the gateway's actions name the field at the start of a validation message: "reason: say why" */
function fieldOf(err: AppError): { field?: string } {
  const named = err.code === "MILK_ERR_INVALID" ? /^([\w.]+): /.exec(err.message) : null;
  return named?.[1] ? { field: named[1] } : {};
}

export function errorHandler(log: Pick<Logger, "error">): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    if (err instanceof AppError) {
      const field = err instanceof FieldError ? { field: err.field } : fieldOf(err);
      res.status(err.status).json({ status: "error", code: err.code, error: err.message, ...field });
      return;
    }
    // express.json() reports a bad body with a status and a type; it is the client's mistake
    const status = (err as { status?: unknown }).status;
    if (typeof status === "number" && status >= 400 && status < 500) {
      const message = (err as { message?: unknown }).message;
      res
        .status(status)
        .json({ status: "error", code: "MILK_ERR_INVALID", error: `body: ${String(message)}` });
      return;
    }
    log.error(`HTTP ${req.method} ${req.path} failed`, err);
    res.status(500).json({ status: "error", code: "MILK_ERR_INTERNAL", error: "internal error (logged)" });
  };
}
