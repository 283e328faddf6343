// One line per event on stderr, with the part that logged it, so a site can grep "ingest" or "broker".
// Levels keep tests and benches quiet (MILKGUARD_LOG_LEVEL or the config's log level).

export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, err?: unknown): void;
  child(part: string): Logger;
}

export type LogSink = (line: string) => void;

export function createLogger(level: LogLevel, part = "gateway", sink: LogSink = writeStderr): Logger {
  const min = RANK[level];
  const line = (lvl: LogLevel, message: string, extra?: unknown) => {
    if (RANK[lvl] < min) return;
    sink(`${new Date().toISOString()} ${lvl.padEnd(5)} [${part}] ${message}${formatExtra(extra)}`);
  };
  return {
    debug: (m, f) => line("debug", m, f),
    info: (m, f) => line("info", m, f),
    warn: (m, f) => line("warn", m, f),
    error: (m, err) => line("error", m, err),
    child: (sub) => createLogger(level, `${part}/${sub}`, sink),
  };
}

function formatExtra(extra: unknown): string {
  if (extra === undefined) return "";
  if (extra instanceof Error) return `: ${extra.stack ?? extra.message}`;
  try {
    return ` ${JSON.stringify(extra)}`;
  } catch {
    return ` ${String(extra)}`;
  }
}

function writeStderr(line: string): void {
  process.stderr.write(`${line}\n`);
}

export function parseLogLevel(value: string | undefined, fallback: LogLevel): LogLevel {
  return value !== undefined && value in RANK ? (value as LogLevel) : fallback;
}
