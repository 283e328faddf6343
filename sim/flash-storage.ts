// Espruino's Storage backed by a JSON file, so a simulated device keeps its flash across reboots.
// Files are binary strings; every write is counted (flash wears).
import { existsSync, readFileSync, writeFileSync } from "node:fs";

export class FlashStorage {
  writes = 0;
  private files: Record<string, string>;

  constructor(
    private readonly path: string,
    private readonly sizeBytes = 1 << 20,
  ) {
    this.files = existsSync(path) ? JSON.parse(readFileSync(path, "latin1")) : {};
  }

  used(): number {
    return Object.values(this.files).reduce((n, f) => n + f.length, 0);
  }

  list(): string[] {
    return Object.keys(this.files);
  }

  api() {
    const set = (name: string, data: string) => {
      if (this.used() + data.length - (this.files[name]?.length ?? 0) > this.sizeBytes) return false;
      this.files[name] = data;
      this.writes++;
      writeFileSync(this.path, JSON.stringify(this.files), "latin1");
      return true;
    };
    return {
      read: (name: string) => this.files[name],
      write: (name: string, data: unknown) => set(name, String(data)),
      readJSON: (name: string) => (this.files[name] === undefined ? undefined : JSON.parse(this.files[name])),
      writeJSON: (name: string, data: unknown) => set(name, JSON.stringify(data)),
      erase: (name: string) => {
        delete this.files[name];
        writeFileSync(this.path, JSON.stringify(this.files), "latin1");
      },
      list: () => this.list(),
      getFree: () => this.sizeBytes - this.used(),
    };
  }
}
