// zod is the one schema library: a failed parse becomes a 400 naming the first bad field.
import type { z } from "zod";
import { FieldError } from "./envelope.js";

export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue ? issue.path.map(String).join(".") : "";
  throw new FieldError(field, issue?.message ?? "invalid input");
}
