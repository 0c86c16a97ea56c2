import type { ClickHouseClient } from '@clickhouse/client';
import type { DimensionName, MeasureName } from './semantic/generations-view.js';
import { compileQuery, resultAlias, type CompiledQuery, type QuerySpec } from './semantic/compile-query.js';

export type Row = Record<string, string | number | boolean | null>;

/** Runs compiled SQL somewhere else (a cluster worker asks the primary, which holds the store). */
export type QueryRunner = (compiled: CompiledQuery) => Promise<Row[]>;

export interface QueryTiming {
  sql: string;
  milliseconds: number;
  rows: number;
}

/**
 * The one way analyses reach the generation log: compiled SQL with bound parameters through the
 * ClickHouse client (chDB embedded or a server). Numbers come back as numbers; every query's time
 * is kept for the report.
 */
export class AnalyticsStore {
  readonly timings: QueryTiming[] = [];

  /**
   * `rollups: false` reads every query from the raw table (to check the rollups, or on a log whose
   * rollups are not there yet).
   */
  constructor(
    private readonly source: ClickHouseClient | QueryRunner,
    readonly options: { rollups?: boolean } = {},
  ) {}

  async run(compiled: CompiledQuery): Promise<Row[]> {
    const started = performance.now();
    let rows: Row[];
    if (typeof this.source === 'function') rows = await this.source(compiled);
    else {
      const result = await this.source.query({ query: compiled.sql, query_params: compiled.params, format: 'JSONEachRow' });
      rows = (await result.json()) as Row[];
    }
    this.timings.push({ sql: compiled.sql, milliseconds: performance.now() - started, rows: rows.length });
    return rows;
  }

  /** Runs a semantic query; measure columns are converted to numbers. */
  async query<D extends DimensionName, M extends MeasureName>(spec: QuerySpec & { dimensions: D[]; measures: M[] }): Promise<(Record<D, string | null> & Record<M, number>)[]> {
    const rows = await this.run(compileQuery(spec, this.options));
    return rows.map((row) => {
      const converted: Record<string, unknown> = {};
      for (const measure of spec.measures) converted[measure] = Number(row[resultAlias(measure)] ?? 0);
      for (const dimension of spec.dimensions) {
        const value = row[resultAlias(dimension)];
        converted[dimension] = value === null || value === undefined ? null : String(value);
      }
      return converted as Record<D, string | null> & Record<M, number>;
    });
  }

  /** The time span the log covers (first record to the UTC day after the last) and its size; null when empty. */
  async extent(): Promise<{ from: Date; to: Date; requests: number } | null> {
    const [row] = await this.run({
      sql: 'SELECT count() AS requests, toString(min(created_at)) AS first, toString(max(created_at)) AS last FROM generations',
      params: {},
    });
    const requests = Number(row?.requests ?? 0);
    if (!row || requests === 0) return null;
    const first = new Date(`${String(row.first).replace(' ', 'T')}Z`);
    const last = new Date(`${String(row.last).replace(' ', 'T')}Z`);
    const from = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), first.getUTCDate()));
    const to = new Date(Date.UTC(last.getUTCFullYear(), last.getUTCMonth(), last.getUTCDate() + 1));
    return { from, to, requests };
  }
}
