// The configuration a user writes: every mistake listed at once as `path: message`, a did-you-mean
// for a mistyped profile, environment overrides, demo defaults with no file, and a frozen result.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { configFileFrom, loadConfig, validateConfig } from "../../../gateway/config/load.js";
import { applyConfiguredUnits } from "../../../gateway/config/site-units.js";
import { DOMAIN, knownIds } from "../../../gateway/engine/domain.js";
import { openSqliteStores } from "../../../gateway/store/open-store.js";
import { MAX_PAYLOAD_BYTES } from "../../../shared/protocol/limits.js";
import { removeDir } from "./ingest-rig.js";

const known = {
  profiles: ["home-freezer", "donor-freezer", "freezer", "fridge", "cool-box"],
  ruleSets: ["cdc-home", "nice-ukamb"],
  profileFields: ["warningHighC", "alarmDelayMin"],
};

describe("gateway configuration", () => {
  it("lists every error with its path, and suggests the profile meant", () => {
    const result = validateConfig(
      {
        mqtt: { port: 70000, colour: "blue" },
        units: [
          { id: "a", name: "A", profile: "fridge" },
          { id: "b", name: "B", profile: "fridge" },
          { id: "c", name: "C", profile: "freezr" },
        ],
      },
      known,
    );
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    expect(errors).toContain("units[2].profile: unknown profile 'freezr' - did you mean 'freezer'?");
    expect(errors.some((e) => e.startsWith("mqtt.port:"))).toBe(true);
    expect(errors.some((e) => e.startsWith("mqtt:") && e.includes("colour"))).toBe(true);
  });

  it("checks rule set ids, override fields and duplicate unit ids", () => {
    const result = validateConfig(
      {
        site: { ruleSet: "nice" },
        profiles: { fridge: { warningHighC: 5, warnigHighC: 6 } },
        units: [
          { id: "a", name: "A", profile: "fridge" },
          { id: "a", name: "A again", profile: "fridge" },
        ],
      },
      known,
    );
    expect(result.ok ? [] : result.errors).toEqual([
      "site.ruleSet: unknown rule set 'nice' - did you mean 'nice-ukamb'?",
      "profiles.fridge.warnigHighC: unknown profile field 'warnigHighC' - did you mean 'warningHighC'?",
      "units[1].id: 'a' is used twice",
    ]);
  });

  it("takes the site's time zone by its IANA name, and says what to write for an unknown one", () => {
    const paris = validateConfig(
      { site: { timeZone: "Europe/Paris", temperatureUnit: "F", language: "fr" } },
      known,
    );
    expect(paris.ok && paris.config.site).toMatchObject({
      timeZone: "Europe/Paris",
      temperatureUnit: "F",
      language: "fr",
    });
    const wrong = validateConfig({ site: { timeZone: "Paris" } }, known);
    expect(wrong.ok ? [] : wrong.errors).toEqual([
      expect.stringMatching(
        /^site\.timeZone: unknown time zone 'Paris': use an IANA name such as 'Europe\/Paris'/,
      ),
    ]);
  });

  it("runs the site in the machine's time zone, in English and °C, when the file says nothing", () => {
    const result = validateConfig({}, known);
    expect(result.ok && result.config.site).toMatchObject({
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      temperatureUnit: "C",
      language: "en",
    });
  });

  it("runs the demo on defaults when there is no file, with environment overrides, frozen", () => {
    const result = loadConfig(
      undefined,
      { MILKGUARD_MQTT_PORT: "0", MILKGUARD_DATA_DIR: "/tmp/x", MILKGUARD_DEMO: "off" },
      known,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.mqtt).toMatchObject({ port: 0, prefix: "milkguard" });
    expect(result.config.dataDir).toBe("/tmp/x");
    expect(result.config.demo.enabled).toBe(false);
    expect(loadConfig(undefined, {}, known)).toMatchObject({
      ok: true,
      config: { demo: { enabled: true }, http: { port: 8080 } },
    });
    expect(Object.isFrozen(result.config.mqtt)).toBe(true);
  });

  it("reports a bad environment value and an unreadable file as errors, not crashes", () => {
    const bad = loadConfig(undefined, { MILKGUARD_HTTP_PORT: "eighty" }, known);
    expect(bad.ok ? [] : bad.errors[0]).toMatch(/^http\.port: /);
    const dir = mkdtempSync(join(tmpdir(), "mg-config-"));
    try {
      const file = join(dir, "milkguard.config.json");
      writeFileSync(file, "{ not json");
      const broken = loadConfig(file, {}, known);
      expect(broken.ok ? [] : broken.errors[0]).toContain(file);
      expect(configFileFrom(["--config", file], {})).toBe(file);
      expect(configFileFrom([], { MILKGUARD_CONFIG: file })).toBe(file);
      writeFileSync(file, JSON.stringify({ units: [{ id: "k", name: "Kitchen", profile: "home-freezer" }] }));
      expect(loadConfig(file, {}, known)).toMatchObject({
        ok: true,
        config: { demo: { enabled: false }, units: [{ id: "k" }] },
      });
    } finally {
      removeDir(dir);
    }
  });

  it("bounds the broker's packet size: room for a full readings payload, no more than MQTT allows", () => {
    expect(validateConfig({}, known)).toMatchObject({
      ok: true,
      config: { mqtt: { maxPacketBytes: 65536 } },
    });
    const errors = (input: unknown) => {
      const result = validateConfig(input, known);
      return result.ok ? [] : result.errors;
    };
    expect(errors({ mqtt: { maxPacketBytes: MAX_PAYLOAD_BYTES } })).toEqual([
      "mqtt.maxPacketBytes: must hold a full readings payload and its topic",
    ]);
    expect(errors({ mqtt: { maxPacketBytes: 300_000_000 } })[0]).toMatch(/^mqtt\.maxPacketBytes: Too big/);
    expect(errors({ mqtt: { maxPacketBytes: 1_048_576 } })).toEqual([]);
  });

  it("Home Assistant on the embedded broker needs its own password, and says how to give it one", () => {
    const asFile = (input: unknown) => {
      const result = validateConfig(input, known);
      return result.ok ? [] : result.errors;
    };
    expect(asFile({ homeAssistant: { enabled: true } })).toEqual([
      "homeAssistant.password: Home Assistant needs its own login on the embedded broker: set a password here " +
        "(or MILKGUARD_HA_PASSWORD) and enter it, with the user name 'homeassistant', in Home Assistant's MQTT integration",
    ]);
    expect(asFile({ homeAssistant: { enabled: true, password: "short" } })).toEqual([
      "homeAssistant.password: use at least 12 characters (e.g. openssl rand -hex 16)",
    ]);
    expect(
      asFile({
        mqtt: { external: { url: "mqtt://broker:1883" } },
        homeAssistant: { password: "a-long-password" },
      }),
    ).toEqual([
      "homeAssistant.password: is for the embedded broker only: with mqtt.external, give Home Assistant a login on that broker",
    ]);
    expect(
      asFile({
        homeAssistant: { enabled: true, password: "a-long-password", discoveryPrefix: "milkguard/ha" },
      }),
    ).toEqual([
      "homeAssistant.discoveryPrefix: must not overlap the device topics under 'milkguard' (Home Assistant would read devices' acks and configs)",
    ]);
    expect(
      asFile({ mqtt: { external: { url: "mqtt://broker:1883" } }, homeAssistant: { enabled: true } }),
    ).toEqual([]);
    // the secret may stay out of the file
    const fromEnv = loadConfig(undefined, { MILKGUARD_HA_PASSWORD: "from-the-environment" }, known);
    expect(fromEnv.ok && fromEnv.config.homeAssistant.password).toBe("from-the-environment");
  });

  it("creates the file's units in the store once, and applies a changed profile with an audit line", () => {
    const dir = mkdtempSync(join(tmpdir(), "mg-config-"));
    const stores = openSqliteStores(join(dir, "milkguard.db"));
    const clock = { now: () => 1_000 };
    try {
      const units = [{ id: "kitchen", name: "Kitchen freezer", profile: "home-freezer" }];
      expect(applyConfiguredUnits(stores.site, units, clock)).toHaveLength(1);
      expect(applyConfiguredUnits(stores.site, units, clock)).toHaveLength(0);
      applyConfiguredUnits(
        stores.site,
        [{ ...units[0], profile: "donor-freezer" } as (typeof units)[0]],
        clock,
      );
      expect(stores.site.units.get("kitchen")?.profileId).toBe("donor-freezer");
      const actions = stores.site.audit.list({ subject: "unit:kitchen" }).map((e) => e.action);
      expect(actions.sort()).toEqual(["unit.changed-by-config", "unit.created-by-config"]);
    } finally {
      stores.close();
      removeDir(dir);
    }
  });
});

describe("docs/configuration.md", () => {
  it("its example milk bank file is one the gateway accepts", () => {
    const doc = readFileSync(join(import.meta.dirname, "../../../docs/configuration.md"), "utf8");
    const example = /```json\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(example).toBeDefined();
    const loaded = validateConfig(JSON.parse(example as string), knownIds(DOMAIN));
    expect(loaded.ok ? [] : loaded.errors).toEqual([]);
  });
});
