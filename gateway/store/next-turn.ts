// A long read or replay gives the event loop a turn between its pages, so that while it runs the
// gateway still acks readings, raises alerts and answers /healthz (better-sqlite3 is synchronous).
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
