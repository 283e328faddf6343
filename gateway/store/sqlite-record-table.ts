// One table of records kept as JSON in `data`, with the columns they are looked up by. Lists come
// back in the order the records were first put (rowid); an update keeps a record's place.
import type Database from "better-sqlite3";

type SqlValue = string | number | null;

export interface RecordColumn<T> {
  name: string;
  of(record: T): SqlValue;
}

/** A filter condition: SQL on the table's columns with `?` placeholders, and their values. */
export interface Condition {
  sql: string;
  values: SqlValue[];
}

export class RecordTable<T extends { id: string }> {
  private readonly upsert: Database.Statement;
  private readonly byId: Database.Statement;
  private readonly queries = new Map<string, Database.Statement>();

  constructor(
    private readonly db: Database.Database,
    private readonly table: string,
    private readonly columns: RecordColumn<T>[],
  ) {
    const names = ["id", ...columns.map((c) => c.name), "data"];
    const updates = names.slice(1).map((n) => `${n} = excluded.${n}`);
    this.upsert = db.prepare(
      `INSERT INTO ${table} (${names.join(", ")}) VALUES (${names.map(() => "?").join(", ")})
       ON CONFLICT (id) DO UPDATE SET ${updates.join(", ")}`,
    );
    this.byId = db.prepare(`SELECT data FROM ${table} WHERE id = ?`);
  }

  put(record: T): void {
    this.upsert.run(record.id, ...this.columns.map((c) => c.of(record)), JSON.stringify(record));
  }

  get(id: string): T | undefined {
    const row = this.byId.get(id) as { data: string } | undefined;
    return row ? (JSON.parse(row.data) as T) : undefined;
  }

  /** Records matching every condition; one statement per distinct filter shape, prepared once. */
  where(conditions: Condition[] = [], limit?: number): T[] {
    const clause = conditions.length ? `WHERE ${conditions.map((c) => c.sql).join(" AND ")}` : "";
    const sql = `SELECT data FROM ${this.table} ${clause} ORDER BY rowid${limit === undefined ? "" : " LIMIT ?"}`;
    let statement = this.queries.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.queries.set(sql, statement);
    }
    const values = conditions.flatMap((c) => c.values);
    if (limit !== undefined) values.push(limit);
    const rows = statement.all(...values) as { data: string }[];
    return rows.map((row) => JSON.parse(row.data) as T);
  }
}

/** `column = ?` when the filter has a value for it; nothing when it is undefined. */
export function equals(column: string, value: SqlValue | undefined): Condition[] {
  return value === undefined ? [] : [{ sql: `${column} = ?`, values: [value] }];
}

/** `column IN (?, …)` when a list is given (an empty list matches nothing). */
export function oneOf(column: string, values: SqlValue[] | undefined): Condition[] {
  if (values === undefined) return [];
  if (values.length === 0) return [{ sql: "0", values: [] }];
  return [{ sql: `${column} IN (${values.map(() => "?").join(", ")})`, values }];
}
