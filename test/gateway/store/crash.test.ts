// An acknowledged reading survives the gateway process being killed mid-write.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, expect, it } from "vitest";
import { openSqliteStores } from "../../../gateway/store/open-store.js";
import { type TempDir, tempDir } from "./temp-store.js";

let dir: TempDir;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => {
  dir.remove();
});

const WRITER = fileURLToPath(new URL("./crash-writer.ts", import.meta.url));

/** Runs the writer until it has acknowledged `acks` batches, then kills it with SIGKILL. */
function runWriterAndKill(path: string, acks: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", WRITER, path], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let lastAcked = 0;
    let seen = 0;
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    let partial = "";
    child.stdout.on("data", (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) {
        lastAcked = Number(line.replace("acked ", ""));
        seen += 1;
      }
      if (seen >= acks) child.kill("SIGKILL");
    });
    child.on("error", reject);
    child.on("exit", (_code, signal) => {
      if (signal === "SIGKILL") resolve(lastAcked);
      else reject(new Error(`writer exited without being killed: ${stderr}`));
    });
  });
}

it("every reading acknowledged before a SIGKILL is in the file after restart", async () => {
  const path = dir.path("crash.db");
  const lastAcked = await runWriterAndKill(path, 25);
  expect(lastAcked).toBeGreaterThanOrEqual(25 * 200);

  const stores = openSqliteStores(path);
  try {
    const stored = await stores.readings.range({
      unitId: "freezer-1",
      fromMs: 0,
      toMs: Number.MAX_SAFE_INTEGER,
    });
    expect(stored.length).toBeGreaterThanOrEqual(lastAcked);
    expect(stored.slice(0, lastAcked).map((r) => r.seq)).toEqual(
      Array.from({ length: lastAcked }, (_, i) => i + 1),
    );
  } finally {
    stores.close();
  }
});
