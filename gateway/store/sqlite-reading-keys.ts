// Devices and units are named by their text ids everywhere except in the readings (migration 7): there
// each reading carries a small integer key instead, one or two bytes where the id took 10 to 30, and
// it is there twice (the row and its (device, seq) key). Keys are given in the order ids are first
// seen and never change; the maps are kept in memory, read from the file when a key is missing.
import type Database from "better-sqlite3";

export class SqliteReadingKeys {
  private readonly byId = new Map<string, number>();
  private readonly byKey = new Map<number, string>();
  private readonly selectKey: Database.Statement;
  private readonly selectId: Database.Statement;
  private readonly insert: Database.Statement;

  constructor(db: Database.Database, table: "device_keys" | "unit_keys") {
    this.selectKey = db.prepare(`SELECT key FROM ${table} WHERE id = ?`).pluck();
    this.selectId = db.prepare(`SELECT id FROM ${table} WHERE key = ?`).pluck();
    this.insert = db.prepare(`INSERT INTO ${table} (id) VALUES (?)`);
  }

  /** the id's key, or undefined when no reading has it yet */
  find(id: string): number | undefined {
    const known = this.byId.get(id);
    if (known !== undefined) return known;
    const key = this.selectKey.get(id) as number | undefined;
    if (key !== undefined) this.remember(id, key);
    return key;
  }

  /** the id's key, given now when it has none; inside the transaction that stores its readings */
  keyOf(id: string): number {
    const found = this.find(id);
    if (found !== undefined) return found;
    const key = Number(this.insert.run(id).lastInsertRowid);
    this.remember(id, key);
    return key;
  }

  idOf(key: number): string {
    const known = this.byKey.get(key);
    if (known !== undefined) return known;
    const id = this.selectId.get(key) as string | undefined;
    if (id === undefined) throw new Error(`no id has the reading key ${key}`);
    this.remember(id, key);
    return id;
  }

  /** After a failed commit: keys given in it were rolled back with it. */
  forget(): void {
    this.byId.clear();
    this.byKey.clear();
  }

  private remember(id: string, key: number): void {
    this.byId.set(id, key);
    this.byKey.set(key, id);
  }
}
