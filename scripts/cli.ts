// Command-line manners every command shares: --help prints the usage and exits 0 before anything
// starts; an unknown flag, a flag without its value or an unexpected argument is one line and exit 2;
// a failure is one line and exit 1 (fail). Flags are read with node:util parseArgs, strictly.
import { createInterface } from "node:readline";
import { Writable } from "node:stream";
import { type ParseArgsConfig, parseArgs } from "node:util";

type Options = NonNullable<ParseArgsConfig["options"]>;

const HELP = { help: { type: "boolean", short: "h" } } as const;

/** "Unknown option '--colour'. To specify..." → "unknown flag --colour" */
function shortReason(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: string }).code;
  const named = /'([^']+)'/.exec(message)?.[1];
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && named) return `unknown flag ${named}`;
  if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL" && named) return `unexpected argument ${named}`;
  return message.split(/\.\s/)[0] ?? message;
}

/**
 * The command's flags, or exit: 0 after printing `usage` for --help, 2 with one line for anything
 * it does not take. `positionals` is how many plain arguments it takes (none unless given).
 */
export function commandLine<const O extends Options>(
  name: string,
  usage: string,
  options: O,
  { positionals = 0, argv = process.argv.slice(2) }: { positionals?: number; argv?: string[] } = {},
) {
  const config = {
    args: argv,
    options: { ...options, ...HELP },
    strict: true,
    allowPositionals: positionals > 0,
  } as const;
  try {
    const parsed = parseArgs(config);
    if ((parsed.values as { help?: boolean }).help) {
      console.log(usage);
      process.exit(0);
    }
    const extra = parsed.positionals[positionals];
    if (extra !== undefined)
      throw Object.assign(new Error(`'${extra}'`), { code: "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL" });
    return parsed;
  } catch (err) {
    return fail(`${name}: ${shortReason(err)} (see --help)`, 2);
  }
}

/** one line on stderr and a non-zero exit: what went wrong and, where it can, what to do */
export function fail(line: string, code = 1): never {
  console.error(line);
  process.exit(code);
}

/** one line typed at the terminal; `hidden` shows nothing of it (a password) */
export async function prompt(question: string, { hidden = false } = {}): Promise<string> {
  process.stdout.write(question);
  const output = hidden ? new Writable({ write: (_chunk, _encoding, done) => done() }) : process.stdout;
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  const answer = await new Promise<string>((resolve) => rl.question("", resolve));
  rl.close();
  if (hidden) process.stdout.write("\n");
  return answer;
}
