// npm run admin -- create NAME | reset-password NAME   (for the operator on the gateway's computer)
// Creates an account (an admin unless --role says otherwise) or sets a new password, straight in the
// site's SQLite file: it works while the gateway runs, and when nobody can sign in any more. The
// password is asked for twice without showing it, or read from the first line of standard input
// when that is not a terminal; never from the command line, which the shell's history keeps.
import { mkdirSync } from "node:fs";
import { userInfo } from "node:os";
import { join } from "node:path";
import { type AuditLine, addUser, checkPassword, setPassword } from "../gateway/auth/accounts.js";
import { configFileFrom, loadConfig } from "../gateway/config/load.js";
import { DOMAIN, knownIds } from "../gateway/engine/domain.js";
import { AppError } from "../gateway/errors.js";
import { openSqliteStores } from "../gateway/store/open-store.js";
import { PASSWORD_RULE } from "../shared/api/password-rule.js";
import { ROLES, type Role } from "../shared/api/records.js";
import { commandLine, fail, prompt } from "./cli.js";

const USAGE = `usage: npm run admin -- create NAME [--role ROLE] [--display-name TEXT] [--config FILE]
       npm run admin -- reset-password NAME [--config FILE]

For the operator on the gateway's computer, also while the gateway runs:
  create NAME          a new account, an admin unless --role is ${ROLES.filter((r) => r !== "admin").join(", ")}
  reset-password NAME  a new password; a disabled account can sign in again, and every session ends
  --display-name TEXT  the name the dashboard shows (default: NAME)
  --config FILE        the site's configuration, for its data folder (as npm start finds it)
The password is asked for twice, not shown; piped in, it is the first line of standard input.
${PASSWORD_RULE}`;

const { values, positionals } = commandLine(
  "admin",
  USAGE,
  { role: { type: "string" }, "display-name": { type: "string" }, config: { type: "string" } },
  { positionals: 2 },
);
const [command, name] = positionals;
if ((command !== "create" && command !== "reset-password") || !name)
  fail("admin: say create NAME or reset-password NAME (see --help)", 2);
const role = (values.role ?? "admin") as Role;
if (!ROLES.includes(role)) fail(`admin: --role must be one of ${ROLES.join(", ")}`, 2);

/** a line typed without echo; a terminal is asked twice, so a typo does not lock anyone out */
async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    let text = "";
    for await (const chunk of process.stdin) text += String(chunk);
    return text.split(/\r?\n/)[0] ?? "";
  }
  const first = await prompt(`Password for ${name}: `, { hidden: true });
  if ((await prompt("Again: ", { hidden: true })) !== first)
    fail("admin: the two passwords differ; nothing was changed");
  return first;
}

const loaded = loadConfig(
  configFileFrom(values.config ? ["--config", values.config] : [], process.env),
  process.env,
  knownIds(DOMAIN),
);
if (!loaded.ok) fail(`admin: ${loaded.file ?? "the configuration"}: ${loaded.errors.join("; ")}`);
const displayName = values["display-name"] ?? name;
const password = await readPassword();
try {
  // the rule is checked before the file is opened, so a refused password changes nothing anywhere
  checkPassword(password, { name, displayName });
} catch (err) {
  fail(`admin: ${err instanceof Error ? err.message : String(err)}. ${PASSWORD_RULE}`);
}
mkdirSync(loaded.config.dataDir, { recursive: true });
const file = join(loaded.config.dataDir, "milkguard.db");
const stores = openSqliteStores(file);
const { site } = stores;
const actor = `operator:${userInfo().username}`;
const audit: AuditLine = (action, subject, details) => {
  site.audit.append({
    atMs: Date.now(),
    actor,
    action,
    subject,
    details: { ...details, via: "npm run admin" },
  });
};
try {
  if (command === "create") {
    const user = await addUser(site, { name, displayName, role, password }, audit);
    console.log(`created ${user.role} ${user.name} in ${file}; they can sign in now`);
  } else {
    const user = site.users.byName(name);
    if (!user) fail(`admin: no user named ${name} in ${file}`);
    await setPassword(site, user, password, audit);
    console.log(`new password set for ${name} in ${file}; their sessions have ended`);
  }
} catch (err) {
  fail(`admin: ${err instanceof AppError ? err.message : String(err)}`);
} finally {
  stores.close();
}
