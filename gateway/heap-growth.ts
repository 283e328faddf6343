// V8 lets its heap grow to up to four times what survived its last full collection before it collects
// again. In a reconnect storm the gateway holds ~100 MiB live while backlogs pass through, and its
// heap grew to ~400 MiB: a peak RSS of 539–662 MiB for 10,000 devices × 100 readings. Growing by half
// instead kept that storm at 421 MiB and drained it as fast (docs/scaling.md). Unlike a heap limit
// it cannot make a busy site run out of memory: the heap still grows as far as the site needs.
import { setFlagsFromString } from "node:v8";

const FLAG = "--heap-growing-percent";
const PERCENT = 50;

/** Set at start, before the gateway is built; a site's own `node --heap-growing-percent=…` is kept. */
export function boundHeapGrowth(execArgv: readonly string[] = process.execArgv): void {
  if (execArgv.some((arg) => arg.startsWith(FLAG))) return;
  setFlagsFromString(`${FLAG}=${PERCENT}`);
}
