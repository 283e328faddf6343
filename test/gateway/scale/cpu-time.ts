// CPU time a process used over a stretch, read from Linux's /proc: the whole process, its main thread
// (the gateway's event loop) and how long that thread was ready to run but waited for a core. On this
// project's shared 2-core machine the same storm drains 20-40 % faster or slower from one hour to the
// next; the CPU a run took says whether the code or the machine changed (docs/scaling.md).
import { readFileSync } from "node:fs";

export interface CpuTime {
  processS: number;
  mainThreadS: number;
  /** the main thread ready to run, waiting for a core (other threads, the devices' process) */
  mainThreadWaitS: number;
}

/** /proc counts CPU in USER_HZ ticks, 100 a second on Linux */
const TICKS_PER_S = 100;

/** Starts counting `pid`'s CPU; `stop()` returns what it used since, or null off Linux or once it has exited. */
export function countCpu(pid: number): { stop(): CpuTime | null } {
  const start = read(pid);
  return {
    stop: () => {
      const end = read(pid);
      if (!start || !end) return null;
      return {
        processS: round(end.processS - start.processS),
        mainThreadS: round(end.mainThreadS - start.mainThreadS),
        mainThreadWaitS: round(end.mainThreadWaitS - start.mainThreadWaitS),
      };
    },
  };
}

function read(pid: number): CpuTime | null {
  try {
    const ticks = (path: string) => {
      // the fields after the command's name, which is in parentheses and may hold spaces
      const fields = readFileSync(path, "utf8").split(") ")[1]?.split(" ") ?? [];
      return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S;
    };
    const [, waitNs] = readFileSync(`/proc/${pid}/task/${pid}/schedstat`, "utf8").split(" ").map(Number);
    return {
      processS: ticks(`/proc/${pid}/stat`),
      mainThreadS: ticks(`/proc/${pid}/task/${pid}/stat`),
      mainThreadWaitS: (waitNs ?? 0) / 1e9,
    };
  } catch {
    return null;
  }
}

const round = (s: number) => Math.round(s * 10) / 10;
