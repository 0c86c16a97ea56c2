import type Database from 'better-sqlite3';
import type postgres from 'postgres';

/** A statement with `?` placeholders and its parameters. */
export interface SqlStatement {
  text: string;
  parameters?: readonly unknown[];
}

/**
 * Statements against either control-plane database, with `?` placeholders: the parts of the control
 * plane written once for both (organization-store.ts …) use it. Each statement is atomic on its
 * own; a change that takes several statements (a member removed from their workspaces, guardrails
 * and the account) goes through `atomically`, all or none.
 */
export interface SqlRunner {
  /** Rows of a SELECT (or of a statement with RETURNING). */
  all<Row>(text: string, parameters?: readonly unknown[]): Promise<Row[]>;
  /** How many rows a statement changed. */
  run(text: string, parameters?: readonly unknown[]): Promise<number>;
  /** Runs the statements in one transaction — every one or none (the first that fails rolls the rest back) — and returns the rows each changed. */
  atomically(statements: readonly SqlStatement[]): Promise<number[]>;
}

export function sqliteRunner(database: Database.Database): SqlRunner {
  return {
    async all<Row>(text: string, parameters: readonly unknown[] = []) {
      return database.prepare(text).all(...parameters) as Row[];
    },
    async run(text: string, parameters: readonly unknown[] = []) {
      return database.prepare(text).run(...parameters).changes;
    },
    async atomically(statements: readonly SqlStatement[]) {
      // better-sqlite3 runs synchronously: nothing else can run on the connection inside.
      return database.transaction(() => statements.map((statement) => database.prepare(statement.text).run(...(statement.parameters ?? [])).changes))();
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
    async atomically(statements: readonly SqlStatement[]) {
      return (await sql.begin(async (transaction) => {
        const changed: number[] = [];
        for (const statement of statements) changed.push((await transaction.unsafe(numbered(statement.text), (statement.parameters ?? []) as postgres.ParameterOrJSON<never>[])).count);
        return changed;
      })) as number[];
    },
  };
}
