// A unit's status and the order of severities, decided once for the dashboard, the HTTP API, Home
// Assistant and the alert workflow: the worst of the live alerts and of what the rules see now.
import { describe, expect, it } from "vitest";
import type { UnitConditions } from "../../shared/rules/index.js";
import { SEVERITIES, type StatusAlert, severityRank, unitStatus } from "../../shared/rules/status.js";

const calm: UnitConditions = { probeFault: false, batteryLow: false, excursion: null, silent: false };
const alert = (severity: StatusAlert["severity"], extra: Partial<StatusAlert> = {}): StatusAlert => ({
  kind: "temperature-excursion",
  severity,
  state: "open",
  ...extra,
});
const status = (alerts: StatusAlert[], conditions: UnitConditions | undefined = calm, hasReading = true) =>
  unitStatus({ alerts, hasReading, conditions });

describe("a unit's status", () => {
  it("is ok with nothing going on, and an info alert says no more", () => {
    expect(status([])).toBe("ok");
    expect(status([alert("info", { kind: "batch-thawed" })])).toBe("ok");
  });

  it("is silent before the first reading, and while the sensor is silent", () => {
    expect(status([], calm, false)).toBe("silent");
    expect(status([], { ...calm, silent: true })).toBe("silent");
    expect(status([alert("warning", { kind: "sensor-silent" })])).toBe("silent");
    // a silent sensor is worse than a warning: nobody knows how warm the unit is
    expect(status([alert("warning")], { ...calm, silent: true })).toBe("silent");
  });

  it("is a warning for a warning alert or condition", () => {
    expect(status([alert("warning")])).toBe("warning");
    expect(status([], { ...calm, probeFault: true })).toBe("warning");
    expect(status([], { ...calm, batteryLow: true })).toBe("warning");
    expect(status([], { ...calm, excursion: "warning" })).toBe("warning");
  });

  it("is critical for a critical alert, or while the rules see a critical excursion whose alert was resolved", () => {
    expect(status([alert("critical", { state: "acknowledged" })], undefined)).toBe("critical");
    expect(status([alert("critical", { state: "resolved" })], { ...calm, excursion: "critical" })).toBe(
      "critical",
    );
    expect(status([alert("warning", { kind: "sensor-silent" })], { ...calm, excursion: "critical" })).toBe(
      "critical",
    );
  });

  it("leaves out alerts that are resolved or whose condition cleared", () => {
    expect(status([alert("critical", { state: "resolved" })])).toBe("ok");
    expect(status([alert("critical", { clearedAtMs: 1 })])).toBe("ok");
  });
});

describe("severities", () => {
  it("rank info below warning below critical", () => {
    expect(SEVERITIES.map(severityRank)).toEqual([0, 1, 2]);
    expect(severityRank("critical")).toBeGreaterThan(severityRank("warning"));
  });
});
