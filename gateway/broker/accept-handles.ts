// More than one handle on the MQTT port's listening socket, so that the gateway takes in more than one
// new connection a turn of its event loop. libuv accepts one connection a turn (libuv#3696, in Node
// 20's libuv 1.46), and in a reconnect storm a turn is tens of milliseconds long: the kernel's queue
// stayed full, devices' connection requests were dropped and sent again 1, 3 and 7 s later, and
// 8,700-9,200 of a 10,000-device storm's CONNECTs gave up waiting for their CONNACK (docs/scaling.md).
// Node 20 cannot open a second socket on the same port (`reusePort` came in Node 22.12), but a
// handle sent to another process arrives there as a new descriptor of the same socket: a helper
// process, started once, sends the listening handle back, and each copy, listened on, accepts from
// the one queue. Should the helper fail, the gateway keeps its one handle and says so.
import { spawn } from "node:child_process";
import type { Server } from "node:net";
import type { Logger } from "../log.js";

/**
 * Handles on the MQTT port: each turn of the event loop accepts up to this many connections. 10,000
 * devices × 1,000 readings drained in 162-164 s with 8; with 4, not in 300 s (more gave up on their
 * CONNACK); with 16, in 185 s (more devices sending at once slowed every turn): docs/scaling.md.
 */
export const ACCEPT_HANDLES = 8;
const HELPER_TIMEOUT_MS = 5_000;

// Plain JavaScript run by `node -e`: sends the handle it is given back `copies` times, then waits
// to be told to exit. A handle passed this way is a bare one: the helper never listens on it, so it
// accepts nothing itself.
const HELPER = `process.once("message", (copies, handle) => {
  for (let i = 0; i < copies; i++) process.send("handle", handle);
  process.send("done");
  process.once("message", () => process.exit(0));
});`;

/** A raw listening handle (Node's TCPWrap), as `server.listen(handle)` takes it */
export type ListeningHandle = object;

/**
 * `copies` more handles of the socket `server` listens on, for `new Server().listen(handle)`; none,
 * with a warning, when the helper process (run by the node at `node`) cannot make them.
 */
export async function copyListeningHandle(
  server: Server,
  copies: number,
  log: Logger,
  node = process.execPath,
): Promise<ListeningHandle[]> {
  const own = (server as unknown as { _handle?: ListeningHandle })._handle;
  if (copies <= 0 || !own) return [];
  const handles: ListeningHandle[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const helper = spawn(node, ["-e", HELPER], {
        stdio: ["ignore", "ignore", "ignore", "ipc"],
      });
      const timer = setTimeout(() => {
        helper.kill();
        reject(new Error(`no answer within ${HELPER_TIMEOUT_MS / 1000} s`));
      }, HELPER_TIMEOUT_MS);
      helper.on("error", reject);
      helper.on("exit", (code) => reject(new Error(`the helper process exited (code ${code})`)));
      helper.on("message", (message, handle) => {
        if (message === "handle" && handle) handles.push(handle);
        if (message !== "done") return;
        clearTimeout(timer);
        helper.send("exit");
        resolve();
      });
      helper.send(copies, own as never);
    });
  } catch (err) {
    log.warn(`the MQTT port accepts one connection a turn (its extra handles failed: ${String(err)})`);
    for (const handle of handles) (handle as { close?: () => void }).close?.();
    return [];
  }
  return handles;
}
