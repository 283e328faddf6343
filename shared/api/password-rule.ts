// The rule for every password a person sets (the first admin, a new user, a reset, `npm run admin`):
// the page explains it, the gateway checks it (gateway/auth/password-rule.ts) and says which part failed.

/**
 * [OWASP-ASVS-4.0.3 V2.1.1] "user set passwords are at least 12 characters in length"; length is
 * what makes a password hard to guess ([NIST-SP-800-63B 5.1.1.2] asks for no other composition rule).
 */
export const MIN_PASSWORD_CHARS = 12;
export const MAX_PASSWORD_CHARS = 200;

/** the rule in the users' words, shown next to every password field that sets one */
export const PASSWORD_RULE =
  `At least ${MIN_PASSWORD_CHARS} characters, not one of the 49,000 most common passwords, and not ` +
  "containing your name. A few unrelated words make a good one: easy to type, hard to guess.";
