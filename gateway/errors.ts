// Every error a user or a device can meet has a stable code and an HTTP status; docs/errors.md
// lists them. Codes are never reused for another meaning.
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const notFound = (what: string, id: string) =>
  new AppError("MILK_ERR_NOT_FOUND", `${what} '${id}' does not exist`, 404);
export const forbidden = (message: string) => new AppError("MILK_ERR_FORBIDDEN", message, 403);
export const conflict = (message: string) => new AppError("MILK_ERR_CONFLICT", message, 409);
export const invalid = (message: string) => new AppError("MILK_ERR_INVALID", message, 400);
