// The Puck's Espruino console as the relay sees it: evaluate an expression on the board and get its
// value back. Over Bluetooth that is the Nordic UART service (NUS): text in, text out, notifications
// of at most 20 bytes, and whatever else the board prints mixed in. UartConsole turns that stream
// into calls; a UartLink is the only part that touches Bluetooth (EspruinoHub, or the simulation).

/** What the relay needs from a Puck: three methods, so that a transport is small to write. */
export interface PuckConsole {
  /** Reaches the board; rejects when it is out of reach. */
  connect(): Promise<void>;
  /** The JSON text of the expression's value on the board ("undefined" when it has none). */
  call(expression: string): Promise<string>;
  disconnect(): Promise<void>;
}

/** A Bluetooth UART connection to one board: bytes as latin1 text, in chunks of any size. */
export interface UartLink {
  open(onData: (chunk: string) => void): Promise<void>;
  write(text: string): Promise<void>;
  close(): Promise<void>;
}

/** The board did not answer. */
export class PuckError extends Error {}

/** The board answered, with an exception. */
export class PuckException extends PuckError {}

const DEFAULT_TIMEOUT_MS = 10_000;
/** A link can lose the first writes while notifications are being switched on: try a few times. */
const HELLO_ATTEMPTS = 3;

interface Pending {
  tag: string;
  resolve(text: string): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

export class UartConsole implements PuckConsole {
  private received = "";
  private pending: Pending | undefined;
  private calls = 0;

  constructor(
    private readonly link: UartLink,
    private readonly timeoutMs = DEFAULT_TIMEOUT_MS,
  ) {}

  async connect(): Promise<void> {
    this.received = "";
    await this.link.open((chunk) => this.data(chunk));
    let last: unknown;
    for (let i = 0; i < HELLO_ATTEMPTS; i++) {
      try {
        if ((await this.call("1")) === "1") return;
      } catch (err) {
        last = err;
      }
    }
    await this.link.close();
    throw new PuckError(`the board does not answer on its console: ${String(last)}`);
  }

  /**
   * `\x10` at the start of a line stops Espruino echoing it; the tag picks our answer out of anything
   * else the firmware prints while the console is on Bluetooth, and the try keeps an exception ours.
   */
  call(expression: string): Promise<string> {
    if (this.pending) return Promise.reject(new PuckError("one call at a time"));
    const tag = `mg${++this.calls}`;
    const line =
      `\x10(function(){try{Bluetooth.println("${tag}="+JSON.stringify(${expression}))}` +
      `catch(e){Bluetooth.println("${tag}!"+e)}})()\n`;
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending = undefined;
        reject(new PuckError(`no answer to ${expression} in ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.pending = { tag, resolve, reject, timer };
      this.link
        .write(line)
        .catch((err: unknown) =>
          this.settle(new PuckError(err instanceof Error ? err.message : String(err))),
        );
    });
  }

  async disconnect(): Promise<void> {
    this.settle(new PuckError("disconnected"));
    await this.link.close();
  }

  private data(chunk: string): void {
    this.received += chunk;
    for (let end = this.received.indexOf("\n"); end >= 0; end = this.received.indexOf("\n")) {
      const line = this.received.slice(0, end).replace(/\r$/, "");
      this.received = this.received.slice(end + 1);
      const tag = this.pending?.tag;
      if (tag === undefined) continue;
      if (line.startsWith(`${tag}=`)) this.settle(line.slice(tag.length + 1));
      else if (line.startsWith(`${tag}!`)) this.settle(new PuckException(line.slice(tag.length + 1)));
    }
  }

  private settle(outcome: string | Error): void {
    const p = this.pending;
    if (!p) return;
    this.pending = undefined;
    clearTimeout(p.timer);
    if (typeof outcome === "string") p.resolve(outcome);
    else p.reject(outcome);
  }
}

/** The value behind a call's JSON text. */
export function answerValue(text: string): unknown {
  return text === "undefined" ? undefined : JSON.parse(text);
}
