// The unit chart's alert lanes: one per severity the alerts have, critical on top; episodes clipped
// to the chart's window, and merged where they overlap or lie closer than the chart can show apart.
import { describe, expect, it } from "vitest";
import { alertLanes } from "../../dashboard/src/alert-lanes.js";
import type { Alert } from "../../dashboard/src/types.js";

const MIN = 60_000;

function alert(severity: Alert["severity"], fromMin: number, toMin?: number, resolvedMin?: number): Alert {
  return {
    id: `${severity}-${fromMin}`,
    key: `k-${fromMin}`,
    kind: "temperature-excursion",
    severity,
    unitId: "freezer",
    state: resolvedMin === undefined ? "open" : "resolved",
    message: "",
    openedAtMs: fromMin * MIN,
    ...(toMin === undefined ? {} : { clearedAtMs: toMin * MIN }),
    ...(resolvedMin === undefined
      ? {}
      : { resolution: { by: "staff", atMs: resolvedMin * MIN, correctiveAction: "fixed" } }),
    escalationLevel: 0,
    lastNotifiedAtMs: 0,
  } as Alert;
}

const window = { fromMs: 0, toMs: 600 * MIN, nowMs: 600 * MIN };
const minutes = (lanes: ReturnType<typeof alertLanes>) =>
  lanes.map((l) => [l.severity, l.spans.map((s) => [s.fromMs / MIN, s.toMs / MIN])]);

describe("alert lanes on the unit chart", () => {
  it("puts critical above warning above info, a lane only for a severity the alerts have", () => {
    const lanes = alertLanes([alert("warning", 10, 20), alert("critical", 30, 40)], window, 0);
    expect(minutes(lanes)).toEqual([
      ["critical", [[30, 40]]],
      ["warning", [[10, 20]]],
    ]);
  });

  it("merges overlapping episodes and those closer than the merge gap, keeps apart the others", () => {
    const alerts = [
      alert("critical", 10, 30),
      alert("critical", 20, 25),
      alert("critical", 32, 40),
      alert("critical", 50, 60),
    ];
    expect(minutes(alertLanes(alerts, window, 3 * MIN))).toEqual([
      [
        "critical",
        [
          [10, 40],
          [50, 60],
        ],
      ],
    ]);
  });

  it("runs an episode to its clearing, else its resolution, else now, clipped to the window", () => {
    const alerts = [alert("warning", -30, 5), alert("warning", 100, undefined, 130), alert("warning", 590)];
    expect(minutes(alertLanes(alerts, window, 0))).toEqual([
      [
        "warning",
        [
          [0, 5],
          [100, 130],
          [590, 600],
        ],
      ],
    ]);
  });

  it("keeps a severity's lane, empty, when its alerts are outside the window (the lanes keep their rows)", () => {
    const alerts = [alert("critical", 700, 710), alert("warning", 10, 20)];
    expect(minutes(alertLanes(alerts, window, 0))).toEqual([
      ["critical", []],
      ["warning", [[10, 20]]],
    ]);
  });
});
