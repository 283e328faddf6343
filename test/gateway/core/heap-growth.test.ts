// The gateway lets V8's heap grow by half between full collections (gateway/heap-growth.ts), so a
// storm's passing garbage does not take the heap to four times what is live.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";

const CHURN = join(fileURLToPath(new URL(".", import.meta.url)), "heap-churn.ts");

function peakHeapMiB(mode: "bounded" | "default", nodeFlags: string[] = []): number {
  const out = execFileSync(process.execPath, [...nodeFlags, "--import", "tsx", CHURN, mode], {
    encoding: "utf8",
  });
  return Number(out);
}

describe("heap growth", () => {
  let bounded = 0;
  beforeAll(() => {
    bounded = peakHeapMiB("bounded");
  });

  it("keeps the heap nearer what is live than V8's default", () => {
    // measured: 94-177 against 344-348 MiB
    expect(bounded).toBeLessThan(peakHeapMiB("default") * 0.6);
  });

  it("keeps a growth a site sets on node's command line", () => {
    expect(peakHeapMiB("bounded", ["--heap-growing-percent=300"])).toBeGreaterThan(bounded * 1.5);
  });
});
