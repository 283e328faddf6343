// The write window: a write after a quiet spell is committed at once (an alert waits for its
// reading's commit), while commits under load stay at most one a window apart, shared.
import { describe, expect, it } from "vitest";
import { WriteWindow } from "../../../gateway/ingest/write-window.js";

const WINDOW_MS = 200;
const turn = () => new Promise((resolve) => setImmediate(resolve));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function recordingWindow(max = 1000) {
  const commits: number[][] = [];
  const window = new WriteWindow<number>(
    async (items) => {
      commits.push(items);
    },
    WINDOW_MS,
    max,
  );
  return { commits, window };
}

describe("WriteWindow", () => {
  it("commits a write after a quiet spell in the next turn, with the rest of its turn", async () => {
    const { commits, window } = recordingWindow();
    const first = window.write([1]);
    const second = window.write([2, 3]);
    await turn();
    await turn();
    expect(commits).toEqual([[1, 2, 3]]);
    await Promise.all([first, second]);
  });

  it("holds what follows a commit until a window after it, then commits it all together", async () => {
    const { commits, window } = recordingWindow();
    await window.write([1]);
    const started = performance.now();
    const later = [window.write([2]), sleep(10).then(() => window.write([3]))];
    await sleep(50);
    expect(commits).toEqual([[1]]);
    await Promise.all(later);
    expect(commits).toEqual([[1], [2, 3]]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(WINDOW_MS - 50);
  });

  it("commits at once when the window holds its most", async () => {
    const { commits, window } = recordingWindow(3);
    await window.write([1]);
    const started = performance.now();
    await window.write([2, 3, 4]);
    expect(performance.now() - started).toBeLessThan(WINDOW_MS / 2);
    expect(commits).toEqual([[1], [2, 3, 4]]);
  });

  it("fails every writer of a commit that fails", async () => {
    const window = new WriteWindow<number>(
      async () => {
        throw new Error("disk full");
      },
      WINDOW_MS,
      1000,
    );
    const results = await Promise.allSettled([window.write([1]), window.write([2])]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
  });
});
