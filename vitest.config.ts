import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Servers started by tests (aedes, Mosquitto, InfluxDB, Chromium) share two cores.
    maxWorkers: 2,
    // The pure code that decides whether milk is safe must stay tested line by line (`npm test`
    // measures it; a change that leaves rule code untested fails).
    coverage: {
      provider: "v8",
      include: ["shared/{rules,thaw,protocol,profiles}/**/*.ts"],
      exclude: ["**/types.ts", "shared/rules/context.ts"],
      reporter: ["text-summary"],
      thresholds: { lines: 97, functions: 95, branches: 85 },
    },
  },
});
