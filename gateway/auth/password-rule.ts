// Checks a password a person sets against the site's rule (shared/api/password-rule.ts):
// [NIST-SP-800-63B 5.1.1.2] compare it with "passwords obtained from previous breach corpuses" and
// "dictionary words" and with "context-specific words, such as the name of the service, the
// username". The list is zxcvbn's common passwords (@zxcvbn-ts/language-common, 49,233 of them,
// drawn from leaked password sets), loaded on the first check: the package decodes all its lists as
// it loads (4-5 MiB of heap), which a gateway that nobody sets a password on need not carry.
import { createRequire } from "node:module";
import { MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS } from "../../shared/api/password-rule.js";

type CommonLanguage = typeof import("@zxcvbn-ts/language-common");

const require = createRequire(import.meta.url);

let common: Set<string> | undefined;

/** a name shorter than this ("al") is too common a string to forbid inside a password */
const MIN_NAME_CHARS = 3;

/** what is wrong with the password, in the user's words, or undefined when it may be used */
export function passwordProblem(password: string, names: string[]): string | undefined {
  const chars = [...password].length;
  if (chars < MIN_PASSWORD_CHARS) return `use at least ${MIN_PASSWORD_CHARS} characters (this has ${chars})`;
  if (chars > MAX_PASSWORD_CHARS) return `use at most ${MAX_PASSWORD_CHARS} characters`;
  const lower = password.toLowerCase();
  common ??= new Set(commonPasswords());
  if (common.has(lower)) return "this is one of the most common passwords: choose another";
  for (const name of names.map((n) => n.trim().toLowerCase())) {
    if (name.length >= MIN_NAME_CHARS && lower.includes(name)) return "a password must not contain your name";
  }
  return undefined;
}

/** required, not imported: passwordProblem stays synchronous for its callers */
function commonPasswords(): string[] {
  const { dictionary } = require("@zxcvbn-ts/language-common") as CommonLanguage;
  return dictionary["passwords-common"];
}
