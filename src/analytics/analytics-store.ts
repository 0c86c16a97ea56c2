import type { ClickHouseClient } from '@clickhouse/client';
import type { DimensionName, MeasureName } from './semantic/generations-view.js';
import { compileQuery, resultAlias, type CompiledQuery, type QuerySpec } from './semantic/compile-query.js';

export type Row = Record<string, string | number | boolean | null>;

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

  constructor(private readonly client: ClickHouseClient) {}

  async run(compiled: CompiledQuery): Promise<Row[]> {
    const started = performance.now();
    const result = await this.client.query({ query: compiled.sql, query_params: compiled.params, format: 'JSONEachRow' });
    const rows = (await result.json()) as Row[];
    this.timings.push({ sql: compiled.sql, milliseconds: performance.now() - started, rows: rows.length });
    return rows;
  }

  /** Runs a semantic query; measure columns are converted to numbers. */
  async query<D extends DimensionName, M extends MeasureName>(spec: QuerySpec & { dimensions: D[]; measures: M[] }): Promise<(Record<D, string | null> & Record<M, number>)[]> {
    const rows = await this.run(compileQuery(spec));
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
}
