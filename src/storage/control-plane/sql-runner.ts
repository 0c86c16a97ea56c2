import type Database from 'better-sqlite3';
import type postgres from 'postgres';

/**
 * One statement at a time against either control-plane database, with `?` placeholders: the parts of
 * the control plane written once for both (organization-store.ts) use it. Each statement is atomic
 * on its own; nothing here spans statements in a transaction.
 */
export interface SqlRunner {
  /** Rows of a SELECT (or of a statement with RETURNING). */
  all<Row>(text: string, parameters?: readonly unknown[]): Promise<Row[]>;
  /** How many rows a statement changed. */
  run(text: string, parameters?: readonly unknown[]): Promise<number>;
}

export function sqliteRunner(database: Database.Database): SqlRunner {
  return {
    async all<Row>(text: string, parameters: readonly unknown[] = []) {
      return database.prepare(text).all(...parameters) as Row[];
    },
    async run(text: string, parameters: readonly unknown[] = []) {
      return database.prepare(text).run(...parameters).changes;
    },
  };
}

/** `?` → `$1`, `$2`, … (the statements given here hold no `?` of their own). */
function numbered(text: string): string {
  let index = 0;
  return text.replace(/\?/g, () => `$${++index}`);
}

export function postgresRunner(sql: postgres.Sql): SqlRunner {
  return {
    async all<Row>(text: string, parameters: readonly unknown[] = []) {
      return (await sql.unsafe(numbered(text), parameters as postgres.ParameterOrJSON<never>[])) as unknown as Row[];
    },
    async run(text: string, parameters: readonly unknown[] = []) {
      return (await sql.unsafe(numbered(text), parameters as postgres.ParameterOrJSON<never>[])).count;
    },
  };
}
