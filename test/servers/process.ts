// Starts a Debian server binary as a child process and stops it by its PID. Each server picks free
// loopback ports at run time and keeps its files in a temporary folder the caller removes.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface ServerProcess {
  /** PID of the running server */
  readonly pid: number;
  /** stops by PID (SIGTERM, then SIGKILL if it lingers) and resolves once it has exited */
  stop(): Promise<void>;
}

/** A loopback port that was free a moment ago (the OS picks it, never a fixed table). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `milkguard-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/**
 * Spawns `command` and waits until `ready()` says yes; the server's output is kept so that a server
 * that never becomes ready fails with what it printed.
 */
export async function startProcess(
  command: string,
  args: string[],
  ready: () => Promise<boolean>,
  timeoutMs = 30_000,
): Promise<ServerProcess> {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  // A test process that dies without its teardown must not leave the server running.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  const exited = new Promise<void>((resolve) =>
    child.once("exit", () => {
      process.off("exit", killOnExit);
      resolve();
    }),
  );
  const started = await waitUntil(child, ready, timeoutMs);
  if (!started || child.pid === undefined) {
    await stopChild(child, exited);
    throw new Error(`${command} did not become ready in ${timeoutMs} ms:\n${output}`);
  }
  return { pid: child.pid, stop: () => stopChild(child, exited) };
}

async function waitUntil(child: ChildProcess, ready: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && child.exitCode === null) {
    if (await ready().catch(() => false)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  process.kill(child.pid, "SIGTERM");
  const killer = setTimeout(() => {
    if (child.exitCode === null && child.pid !== undefined) process.kill(child.pid, "SIGKILL");
  }, 10_000);
  await exited;
  clearTimeout(killer);
}

/** true when an HTTP GET answers with `status` */
export async function answers(url: string, status: number): Promise<boolean> {
  const response = await fetch(url);
  await response.arrayBuffer();
  return response.status === status;
}
