// A simulated Puck's Bluetooth console (Nordic UART): each line written runs in the device's
// interpreter as Espruino's REPL runs it (a leading \x10 only turns the echo off), an exception is
// printed as "Uncaught ..." and the program goes on, and what the firmware prints with
// Bluetooth.println comes back as 20-byte notifications. Out of reach, nothing connects.
import { runInContext } from "node:vm";
import type { UartLink } from "../firmware/relay/puck-console.js";
import type { SimDevice } from "./espruino-sim.js";
import { CONSOLE_STACK_VARS } from "./memory.js";

/** Bytes a BLE notification carries at the default MTU. */
const NOTIFICATION_BYTES = 20;

export class SimBleUart implements UartLink {
  /** the cool box is near the relay */
  inReach = true;
  private onData: ((chunk: string) => void) | undefined;
  private typed = "";

  constructor(private readonly device: SimDevice) {}

  async open(onData: (chunk: string) => void): Promise<void> {
    const context = this.device.context();
    if (!this.inReach || !context) throw new Error("not in range");
    this.onData = onData;
    this.typed = "";
    context.Bluetooth = {
      print: (text: unknown) => this.notify(String(text)),
      println: (text: unknown) => this.notify(`${String(text)}\r\n`),
    };
  }

  async write(text: string): Promise<void> {
    if (!this.inReach || !this.onData) throw new Error("not connected");
    this.typed += text;
    for (let end = this.typed.indexOf("\n"); end >= 0; end = this.typed.indexOf("\n")) {
      const typed = this.typed.slice(0, end);
      const line = typed.startsWith("\x10") ? typed.slice(1) : typed;
      this.typed = this.typed.slice(end + 1);
      this.run(line);
    }
  }

  async close(): Promise<void> {
    this.onData = undefined;
    const context = this.device.context();
    if (context) delete context.Bluetooth;
  }

  private run(line: string): void {
    const context = this.device.context();
    if (!context) return;
    try {
      runInContext(line, context);
    } catch (err) {
      this.notify(`Uncaught ${(err as Error)?.message ?? String(err)}\r\n`);
    }
  }

  /** Delivered later and in pieces, as notifications arrive; the answer is the console's memory peak. */
  private notify(text: string): void {
    this.device.sending(text.length, CONSOLE_STACK_VARS);
    for (let at = 0; at < text.length; at += NOTIFICATION_BYTES) {
      const piece = text.slice(at, at + NOTIFICATION_BYTES);
      setImmediate(() => this.onData?.(piece));
    }
  }
}
