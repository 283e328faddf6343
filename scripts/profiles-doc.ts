// docs/profiles.md from the data itself (shared/profiles), so the page a milk bank reads can never
// disagree with the numbers the rules use. `npm run profiles-doc` rewrites it; a test checks it.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PROFILES, RULE_SETS } from "../shared/profiles/index.js";
import type { Sourced } from "../shared/profiles/types.js";
import { commandLine } from "./cli.js";

const PROFILE_FIELDS = [
  ["warningHighC", "warning above, °C"],
  ["criticalHighC", "critical above, °C"],
  ["lowC", "too cold below, °C"],
  ["alarmDelayMin", "alarm delay, min"],
  ["hysteresisC", "clears this far inside, °C"],
  ["intervalS", "reading every, s"],
  ["silentAfterMin", "silence expected up to, min"],
] as const;

const RULE_FIELDS = [
  ["frozenMaxDays", "frozen, at most days from expression"],
  ["thawedColdMaxH", "thawed, kept cold: use within h of complete thaw"],
  ["thawedRoomMaxH", "thawed, at room temperature: use within h"],
  ["freshFridgeMaxH", "fresh (never frozen) in the fridge: at most h"],
] as const;

/** A cited source becomes a link to its entry in docs/sources.md, next to this page. */
const cell = (text: string) =>
  text.replaceAll("|", "\\|").replace(/docs\/sources\.md#([a-z0-9-]+)/g, "[$1](sources.md#$1)");
const row = (what: string, n: Sourced | undefined) =>
  n ? `| ${what} | ${n.value} | ${cell(n.source)} |` : `| ${what} | none | |`;

export function profilesDoc(): string {
  const lines = [
    "# Storage profiles and rule sets",
    "",
    "Every number the rules use, with its source: an entry of [sources.md](sources.md) (title, publisher,",
    "year, address and what it says) and its tag — **[P]** the body's own text, **[S]** a secondary copy,",
    "**[D]** derived here because no guidance gives a number. Numbers tagged [U] (unconfirmed) are never",
    "used; where a profile mentions one, it names the published number that stands in. A site overrides a",
    "profile's numbers in its config file (`profiles.<id>.<field>`), and the override then names the site",
    "as its source. This page is written from `shared/profiles` by `npm run profiles-doc`; a test fails",
    "when it is out of date.",
    "",
    "## Profiles: where milk is kept",
  ];
  for (const p of Object.values(PROFILES)) {
    lines.push("", `### ${p.name} (\`${p.id}\`, a ${p.kind})`, "", "| | value | source |", "|---|---|---|");
    for (const [field, what] of PROFILE_FIELDS) lines.push(row(what, p[field]));
  }
  lines.push("", "## Rule sets: how long milk may be kept");
  for (const r of Object.values(RULE_SETS)) {
    lines.push("", `### ${r.name} (\`${r.id}\`)`, "", "| | value | source |", "|---|---|---|");
    for (const [field, what] of RULE_FIELDS) lines.push(row(what, r[field]));
    lines.push(
      `| a partly thawed bag (ice left) may be refrozen | ${r.partialThawMayRefreeze ? "yes" : "no"} | ${cell(r.partialThawSource)} |`,
    );
  }
  return `${lines.join("\n")}\n`;
}

export const PROFILES_DOC = join(import.meta.dirname, "..", "docs", "profiles.md");

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  commandLine(
    "profiles-doc",
    "usage: npm run profiles-doc\n\nRewrites docs/profiles.md from the storage profiles and rule sets in shared/profiles.",
    {},
  );
  writeFileSync(PROFILES_DOC, profilesDoc());
  console.log(`wrote ${PROFILES_DOC}`);
}
