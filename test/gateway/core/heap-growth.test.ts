// The gateway lets V8's heap grow by half between full collections (gateway/heap-growth.ts), so a
// storm's passing garbage does not take the heap to four times what is live.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const CHURN = join(fileURLToPath(new URL(".", import.meta.url)), "heap-churn.ts");

function peakHeapMiB(mode: "bounded" | "default", nodeFlags: string[] = []): number {
  const out = execFileSync(process.execPath, [...nodeFlags, "--import", "tsx", CHURN, mode], {
    encoding: "utf8",
  });
  return Number(out);
}

/**
 * Up to three tries: a peak on a loaded machine depends on when a collection happens to start (one
 * run with 300 % peaked at 202 MiB under CI's load); the growth they show does not.
 */
function inOneOfThree(comparison: () => boolean): boolean {
  for (let i = 0; i < 3; i++) if (comparison()) return true;
  return false;
}

describe("heap growth", () => {
  it("keeps the heap nearer what is live than V8's largest growth", () => {
    // V8's own growth is up to four times, less when collecting is slow against the program (as on
    // a loaded machine): compared with four times, so the test does not depend on the machine's load.
    // Measured: 93-183 against 403-433 MiB, also with three other processes spinning.
    const nearer = () =>
      peakHeapMiB("bounded") < peakHeapMiB("default", ["--heap-growing-percent=300"]) * 0.7;
    expect(inOneOfThree(nearer)).toBe(true);
  });

  it("keeps a growth a site sets on node's command line", () => {
    // twice: a bounded peak is at most 183 MiB, at least 93, so a site's growth lost fails every try
    const kept = () => peakHeapMiB("bounded", ["--heap-growing-percent=300"]) > peakHeapMiB("bounded") * 2;
    expect(inOneOfThree(kept)).toBe(true);
  });
});
