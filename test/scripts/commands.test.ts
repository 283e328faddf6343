// Command-line manners, as a person at a terminal meets them: every command of package.json answers
// --help with its usage and exit 0 and starts nothing; an unknown flag is one line and exit 2; a
// gateway that cannot start says why in one line, exits, and leaves its ports free; flash without a
// board says so in one line.
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const TSX = join(ROOT, "node_modules", ".bin", "tsx");
const SCRIPTS = (
  JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }
).scripts;
/** the commands a site runs, as package.json runs them ("npm start" builds the page first) */
const COMMANDS = [
  "start",
  "devices",
  "build:gateway",
  "build:firmware",
  "flash",
  "wifi",
  "relay",
  "admin",
  "profiles-doc",
];

/** the program a script runs, as source: "npm run build && node dist/gateway/main.js" → gateway/main.ts */
function programOf(script: string): string {
  const file = /(?:tsx|node) (\S+)$/.exec(SCRIPTS[script] ?? "")?.[1];
  if (!file) throw new Error(`npm run ${script} runs no program`);
  return join(ROOT, file.replace(/^dist\/(.+)\.js$/, "$1.ts"));
}

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** runs in an empty folder, so anything a command starts (a data folder, a build) shows there */
const cwd = mkdtempSync(join(tmpdir(), "mg-commands-"));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

function run(program: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(
      TSX,
      [program, ...args],
      { cwd, env: { ...process.env, ...env }, timeout: 30_000 },
      (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr }),
    );
  });
}

const oneLine = (text: string) => text.trim().split("\n");

describe("every command", () => {
  it("answers --help with its usage and exit 0, starting nothing", async () => {
    const ran = await Promise.all(COMMANDS.map((c) => run(programOf(c), ["--help"])));
    for (const [i, r] of ran.entries()) {
      expect({ command: COMMANDS[i], code: r.code, stderr: r.stderr }).toEqual({
        command: COMMANDS[i],
        code: 0,
        stderr: "",
      });
      expect(r.stdout).toMatch(/^usage: npm (start|run \S+)/);
    }
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("refuses an unknown flag in one line, with exit 2", async () => {
    const ran = await Promise.all(COMMANDS.map((c) => run(programOf(c), ["--colour", "blue"])));
    for (const [i, r] of ran.entries()) {
      expect({ command: COMMANDS[i], code: r.code }).toEqual({ command: COMMANDS[i], code: 2 });
      expect(oneLine(r.stderr)).toEqual([expect.stringMatching(/unknown.*--colour/i)]);
    }
    expect(readdirSync(cwd)).toEqual([]);
  });
});

describe("npm run flash", () => {
  it("without a board says so in one line and exits non-zero, before building anything", async () => {
    const device = join(cwd, "..", `mg-device-${process.pid}.json`);
    writeFileSync(device, JSON.stringify({ board: "ESP32", deviceId: "fr-1" }));
    const ran = await run(programOf("flash"), ["--device", device, "--port", "/dev/ttyMG-none"]);
    rmSync(device);
    expect(ran.code).toBe(1);
    expect(oneLine(ran.stderr)).toEqual(["no board found on /dev/ttyMG-none; plug it in or pass --port"]);
    expect(ran.stdout).toBe("");
  });
});

describe("npm run wifi", () => {
  it("without a board says so in one line and exits non-zero, before asking the password", async () => {
    const ran = await run(programOf("wifi"), ["--ssid", "Anna's home", "--port", "/dev/ttyMG-none"]);
    expect(ran.code).toBe(1);
    expect(oneLine(ran.stderr)).toEqual(["no board found on /dev/ttyMG-none; plug it in or pass --port"]);
    expect(ran.stdout).toBe("");
  });
});

describe("npm start", () => {
  const listen = (port = 0): Promise<Server> =>
    new Promise((resolve, reject) => {
      const server = createServer().once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve(server));
    });
  const portOf = (s: Server) => (s.address() as { port: number }).port;
  const close = (s: Server) => new Promise((resolve) => s.close(resolve));

  it("exits non-zero in one line when its MQTT port is taken, leaving its HTTP port free", async () => {
    const taken = await listen();
    const mqttPort = portOf(taken);
    const free = await listen();
    const httpPort = portOf(free);
    await close(free);
    const config = join(cwd, "..", `mg-taken-${process.pid}.json`);
    const dataDir = mkdtempSync(join(tmpdir(), "mg-taken-data-"));
    writeFileSync(
      config,
      JSON.stringify({
        dataDir,
        http: { host: "127.0.0.1", port: httpPort },
        mqtt: { host: "127.0.0.1", port: mqttPort },
        log: { level: "silent" },
      }),
    );
    const ran = await run(programOf("start"), ["--config", config]);
    await close(taken);
    rmSync(config);
    rmSync(dataDir, { recursive: true, force: true });
    expect(ran.code).toBe(1);
    expect(oneLine(ran.stderr)).toEqual([
      `MilkGuard cannot start: port ${mqttPort} (127.0.0.1) is in use: stop the program holding it, or set another port in the configuration`,
    ]);
    // the HTTP server it had opened is closed: the next start can have the port
    await close(await listen(httpPort));
  });
});
