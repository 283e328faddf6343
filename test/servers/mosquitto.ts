// Debian's Mosquitto 2 on a free loopback port, with the settings MilkGuard's external-broker mode
// needs (docs/scaling.md): no persistence in tests, and a queue deep enough that a gateway that falls
// behind is never silently dropped QoS 1 readings (the default max_queued_messages is 1000).
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { freePort, startProcess, tempDir } from "./process.js";

// Debian puts the broker in /usr/sbin, which is not on every user's PATH.
const MOSQUITTO = existsSync("/usr/sbin/mosquitto") ? "/usr/sbin/mosquitto" : "mosquitto";

export interface Mosquitto {
  /** e.g. mqtt://127.0.0.1:40123 */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export interface MosquittoOptions {
  /** user -> password; when given, anonymous clients are refused */
  passwords?: Record<string, string>;
  /** lines of an acl_file (user / topic / pattern) */
  acl?: string[];
  extraConfig?: string[];
}

export async function startMosquitto(options: MosquittoOptions = {}): Promise<Mosquitto> {
  const dir = tempDir("mosquitto");
  // Started as root, mosquitto drops to its own user before it reads the password file.
  chmodSync(dir.path, 0o755);
  const port = await freePort();
  const config = join(dir.path, "mosquitto.conf");
  const auth = options.passwords ? passwordFile(dir.path, options.passwords) : ["allow_anonymous true"];
  if (options.acl) auth.push(`acl_file ${readableFile(join(dir.path, "acl"), options.acl.join("\n"))}`);
  writeFileSync(
    config,
    [
      `listener ${port} 127.0.0.1`,
      ...auth,
      "persistence false",
      "max_queued_messages 100000",
      "max_inflight_messages 100",
      ...(options.extraConfig ?? []),
      "",
    ].join("\n"),
  );
  const server = await startProcess(MOSQUITTO, ["-c", config], () => accepts(port));
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    close: async () => {
      await server.stop();
      dir.remove();
    },
  };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

function passwordFile(dir: string, passwords: Record<string, string>): string[] {
  const file = readableFile(join(dir, "passwd"), "");
  for (const [user, password] of Object.entries(passwords)) {
    execFileSync("mosquitto_passwd", ["-b", file, user, password]);
  }
  chmodSync(file, 0o644); // mosquitto_passwd rewrites the file owner-only
  return ["allow_anonymous false", `password_file ${file}`];
}

/** Written readable by the mosquitto user, which the broker runs as once it dropped root. */
function readableFile(file: string, text: string): string {
  writeFileSync(file, text);
  chmodSync(file, 0o644);
  return file;
}
