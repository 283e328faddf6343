// A user's own language and temperature unit: kept on her, shown with who she is alongside the
// site's defaults and time zone, cleared back to the site's with null; temperatures stay °C.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./harness.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ timeZone: "Europe/Paris" });
});
afterEach(() => h.close());

describe("a user's preferences", () => {
  it("follows the site until she chooses, keeps her choice, and goes back to the site's on null", async () => {
    const before = (await h.get("/api/me", "ana")).body.data;
    expect(before.language).toBeUndefined();
    expect(before.site).toEqual({ timeZone: "Europe/Paris", language: "en", temperatureUnit: "C" });

    const chosen = await h.post("/api/me/preferences", "ana", { temperatureUnit: "F", language: "fr" });
    expect(chosen.status).toBe(200);
    expect((await h.get("/api/me", "ana")).body.data).toMatchObject({ language: "fr", temperatureUnit: "F" });
    expect(h.site.users.get("ana")).toMatchObject({ language: "fr", temperatureUnit: "F" });

    await h.post("/api/me/preferences", "ana", { language: null });
    const after = (await h.get("/api/me", "ana")).body.data;
    expect(after.language).toBeUndefined();
    expect(after.temperatureUnit).toBe("F");
  });

  it("refuses a language the dashboard has no catalogue for, and changes no one else", async () => {
    const res = await h.post("/api/me/preferences", "ana", { language: "de" });
    expect(res.status).toBe(400);
    await h.post("/api/me/preferences", "ana", { temperatureUnit: "F" });
    expect(h.site.users.get("dora")?.temperatureUnit).toBeUndefined();
  });
});
