// A warning an attacker can trigger at will must not fill the disk: the first one is logged at once,
// then at most one line per interval, carrying how many were left out since the last line. The
// metrics count every one.

export type LogLine = (message: string, fields: Record<string, unknown>) => void;

export function logSparingly(line: LogLine, intervalMs: number, now = () => Date.now()): LogLine {
  let lastMs = Number.NEGATIVE_INFINITY;
  let leftOut = 0;
  return (message, fields) => {
    const t = now();
    if (t - lastMs < intervalMs) {
      leftOut += 1;
      return;
    }
    line(message, leftOut > 0 ? { ...fields, alsoSinceLastLine: leftOut } : fields);
    lastMs = t;
    leftOut = 0;
  };
}
