// Live events from /api/events. EventSource retries by itself while the gateway is merely away, but
// gives up for good on some failures (a 401 after a restart, a proxy's error page), so this client
// reopens it with a growing delay. Views learn when the stream drops: what they show may then be
// stale, and they reload what they show once it is back (events sent meanwhile are lost).
import { LIVE_EVENTS, LIVE_PATH, type LiveEvents } from "../../shared/api/live.js";

export type LiveState = "connecting" | "live" | "down";

type Listener<K extends keyof LiveEvents> = (data: LiveEvents[K]) => void;

const MAX_DELAY_MS = 30_000;

export class Live {
  state: LiveState = "connecting";
  private source: EventSource | undefined;
  private listeners = new Map<string, Set<(data: never) => void>>();
  private stateListeners = new Set<(state: LiveState) => void>();
  private delayMs = 1000;
  private retry: ReturnType<typeof setTimeout> | undefined;

  start(): void {
    this.stop();
    const source = new EventSource(LIVE_PATH);
    this.source = source;
    source.addEventListener("open", () => {
      this.delayMs = 1000;
      this.setState("live");
    });
    source.addEventListener("error", () => {
      this.setState("down");
      if (source.readyState === EventSource.CLOSED) this.reopenLater();
    });
    for (const kind of LIVE_EVENTS) {
      source.addEventListener(kind, (event) => this.deliver(kind, (event as MessageEvent<string>).data));
    }
  }

  stop(): void {
    clearTimeout(this.retry);
    this.source?.close();
    this.source = undefined;
  }

  on<K extends keyof LiveEvents>(kind: K, listener: Listener<K>): () => void {
    const set = this.listeners.get(kind) ?? new Set();
    this.listeners.set(kind, set);
    const stored = listener as (data: never) => void;
    set.add(stored);
    return () => set.delete(stored);
  }

  onState(listener: (state: LiveState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** the stream is back after a drop: what a page shows may have missed events meanwhile */
  onReconnect(listener: () => void): () => void {
    let dropped = false;
    return this.onState((state) => {
      if (state === "down") dropped = true;
      else if (state === "live" && dropped) {
        dropped = false;
        listener();
      }
    });
  }

  private deliver(kind: keyof LiveEvents, text: string): void {
    let data: never;
    try {
      data = JSON.parse(text) as never;
    } catch {
      return;
    }
    for (const listener of this.listeners.get(kind) ?? []) listener(data);
  }

  private setState(state: LiveState): void {
    if (state === this.state) return;
    this.state = state;
    for (const listener of this.stateListeners) listener(state);
  }

  private reopenLater(): void {
    clearTimeout(this.retry);
    this.retry = setTimeout(() => this.start(), this.delayMs);
    this.delayMs = Math.min(this.delayMs * 2, MAX_DELAY_MS);
  }
}
