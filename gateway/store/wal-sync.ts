// The readings' commits reach the disk off the event loop. With synchronous = FULL, SQLite fsyncs its
// write-ahead log inside every commit, and better-sqlite3 runs the commit on the event loop: each
// fsync held every ack, alert and page meanwhile (~0.3 ms on this machine's disk, milliseconds on an
// SD card), for up to 500 commits a second. So a readings commit is made with synchronous = NORMAL
// (SQLite writes the log but does not fsync it), and the log is then fsynced on libuv's thread pool
// through a descriptor of our own: fsync takes a file's data to the disk whoever wrote it. A commit's
// writers are told, and its devices acked, only once that fsync is done, so nothing is acked before
// it is on the disk. One fsync at a time: the commits made while one runs share the next.
import { closeSync, fstatSync, fsync, fsyncSync, openSync } from "node:fs";
import { dirname } from "node:path";

/** the writers of a commit, told once it is on the disk */
export interface CommittedWrite {
  resolve(): void;
  reject(error: Error): void;
}

export type Fsync = (fd: number, done: (error: NodeJS.ErrnoException | null) => void) => void;

export class WalSync {
  private committed: CommittedWrite[] = [];
  /** the writes of the fsync under way, if any */
  private syncing: readonly CommittedWrite[] | undefined;
  private fd: number | undefined;
  private closed = false;

  /** `walPath`: the database's "-wal" file; `fsyncLog`: how to fsync it (a test holds it back) */
  constructor(
    private readonly walPath: string,
    private readonly fsyncLog: Fsync = fsync,
  ) {}

  /** The writes of a commit just made: told once it is on the disk. */
  committedNow(writes: readonly CommittedWrite[]): void {
    for (const write of writes) this.committed.push(write);
    if (this.syncing === undefined) this.syncCommitted();
  }

  /**
   * Takes every commit made so far to the disk, then closes the descriptor (a store closing). An
   * fsync still under way on the thread pool is no longer needed, and the kernel holds the file for it.
   */
  close(): void {
    const writes = [...(this.syncing ?? []), ...this.committed];
    this.committed = [];
    let failure: Error | null = null;
    try {
      if (writes.length > 0) fsyncSync(this.logFd());
    } catch (error) {
      failure = asError(error);
    }
    tell(writes, failure);
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    this.closed = true;
  }

  private syncCommitted(): void {
    const writes = this.committed;
    this.committed = [];
    let fd: number;
    try {
      fd = this.logFd();
    } catch (error) {
      tell(writes, asError(error));
      return;
    }
    this.syncing = writes;
    this.fsyncLog(fd, (error) => {
      this.syncing = undefined;
      // After a failed fsync the kernel may have dropped what it could not write: the writes are
      // refused, unacked, and their devices send them again.
      tell(writes, error);
      if (this.committed.length > 0 && !this.closed) this.syncCommitted();
    });
  }

  /** our descriptor of the log, opened anew should the log have been deleted (nlink 0) */
  private logFd(): number {
    if (this.fd !== undefined && fstatSync(this.fd).nlink > 0) return this.fd;
    if (this.fd !== undefined) closeSync(this.fd);
    // never written through; opened for writing because Windows flushes only a handle that may write
    this.fd = openSync(this.walPath, "r+");
    // the log's name in its folder must survive a power cut as well as its contents
    const folder = openSync(dirname(this.walPath), "r");
    try {
      fsyncSync(folder);
    } finally {
      closeSync(folder);
    }
    return this.fd;
  }
}

function tell(writes: readonly CommittedWrite[], error: Error | null): void {
  for (const write of writes) {
    if (error) write.reject(error);
    else write.resolve();
  }
}

const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));
