import { dimensions, measures, type DimensionName, type MeasureName } from './generations-view.js';
import { type RollupView, rollupViews } from './rollup-view.js';

/** A half-open UTC time range [from, to). */
export interface Period {
  from: Date;
  to: Date;
}

export type FilterValue = string | number | boolean | string[];

export interface Filter {
  dimension: DimensionName;
  operator: '=' | '!=' | 'in' | 'is null' | 'is not null';
  value?: FilterValue;
}

/** A query in the semantic layer's terms: group by dimensions, aggregate measures, filter, within a period. */
export interface QuerySpec {
  dimensions: DimensionName[];
  measures: MeasureName[];
  filters?: Filter[];
  period: Period;
  /** Order by these result columns (dimensions or measures), ascending unless marked desc. */
  orderBy?: { column: DimensionName | MeasureName; descending?: boolean }[];
  limit?: number;
}

export interface CompiledQuery {
  sql: string;
  params: Record<string, unknown>;
}

/** Date → the DateTime64(3) text ClickHouse binds ('YYYY-MM-DD hh:mm:ss.sss', UTC). */
export function clickHouseTime(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

function parameterType(value: FilterValue): string {
  if (Array.isArray(value)) return 'Array(String)';
  if (typeof value === 'boolean') return 'Bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'Int64' : 'Float64';
  return 'String';
}

/** The WHERE clause shared by every analysis query: the period plus filters, all values bound as parameters. */
export function compileWhere(period: Period, filters: readonly Filter[], params: Record<string, unknown>, source: QuerySource = rawSource): string {
  const conditions = source.periodConditions(period, params);
  for (const [index, filter] of filters.entries()) {
    const expression = source.dimension(filter.dimension);
    if (filter.operator === 'is null') conditions.push(`(${expression}) IS NULL`);
    else if (filter.operator === 'is not null') conditions.push(`(${expression}) IS NOT NULL`);
    else {
      if (filter.value === undefined) throw new Error(`filter on ${filter.dimension} needs a value`);
      const name = `filter_${index}`;
      params[name] = filter.value;
      const placeholder = `{${name}:${parameterType(filter.value)}}`;
      conditions.push(filter.operator === 'in' ? `(${expression}) IN ${placeholder}` : `(${expression}) ${filter.operator} ${placeholder}`);
    }
  }
  return conditions.join(' AND ');
}

/** Where a query reads from: the raw table, or a rollup that answers it exactly. */
interface QuerySource {
  table: string;
  dimension(name: DimensionName): string;
  measure(name: MeasureName): string;
  periodConditions(period: Period, params: Record<string, unknown>): string[];
}

const rawSource: QuerySource = {
  table: 'generations',
  dimension: (name) => dimensions[name].sql,
  measure: (name) => measures[name].sql,
  periodConditions: (period, params) => {
    params.period_from = clickHouseTime(period.from);
    params.period_to = clickHouseTime(period.to);
    return ['created_at >= {period_from:DateTime64(3)}', 'created_at < {period_to:DateTime64(3)}'];
  },
};

function rollupSource(view: RollupView): QuerySource {
  return {
    table: view.table,
    dimension: (name) => view.dimensions[name]!,
    measure: (name) => view.measures[name]!,
    periodConditions: (period, params) => {
      params.period_from_day = period.from.toISOString().slice(0, 10);
      params.period_to_day = period.to.toISOString().slice(0, 10);
      return ['day >= {period_from_day:Date}', 'day < {period_to_day:Date}'];
    },
  };
}

const dayMs = 86_400_000;

/**
 * Whether a rollup answers the query exactly: whole UTC days, every name it uses is in the rollup,
 * and (for a rollup of some rows only) the query keeps just those rows.
 */
export function rollupAnswers(spec: QuerySpec, view: RollupView): boolean {
  const filters = spec.filters ?? [];
  return (
    spec.period.from.getTime() % dayMs === 0 &&
    spec.period.to.getTime() % dayMs === 0 &&
    spec.dimensions.every((name) => view.dimensions[name] !== undefined) &&
    spec.measures.every((name) => view.measures[name] !== undefined) &&
    filters.every((filter) => view.dimensions[filter.dimension] !== undefined) &&
    (view.requires === undefined || filters.some((filter) => filter.dimension === view.requires!.dimension && filter.operator === view.requires!.operator))
  );
}

/**
 * The alias of a result column. ClickHouse lets an alias shadow a column of the same name anywhere
 * in the query (a `category` alias would replace the `category` column inside another expression),
 * so every result column gets a prefix no column has.
 */
export function resultAlias(name: string): string {
  return `result_${name}`;
}

/**
 * Compiles a semantic query into ClickHouse SQL with bound parameters: from the first rollup that
 * answers it exactly (unless `rollups` is turned off), else from the raw table.
 */
export function compileQuery(spec: QuerySpec, options: { rollups?: boolean } = {}): CompiledQuery {
  const params: Record<string, unknown> = {};
  const view = options.rollups === false ? undefined : rollupViews.find((candidate) => rollupAnswers(spec, candidate));
  const source = view ? rollupSource(view) : rawSource;
  const columns = [...spec.dimensions.map((name) => `${source.dimension(name)} AS ${resultAlias(name)}`), ...spec.measures.map((name) => `${source.measure(name)} AS ${resultAlias(name)}`)];
  let sql = `SELECT ${columns.join(', ')} FROM ${source.table} WHERE ${compileWhere(spec.period, spec.filters ?? [], params, source)}`;
  if (spec.dimensions.length > 0) sql += ` GROUP BY ${spec.dimensions.map(resultAlias).join(', ')}`;
  const order: { column: string; descending?: boolean }[] = spec.orderBy ?? spec.dimensions.map((column) => ({ column }));
  if (order.length > 0) sql += ` ORDER BY ${order.map((item) => `${resultAlias(item.column)}${item.descending ? ' DESC' : ''}`).join(', ')}`;
  if (spec.limit !== undefined) {
    params.row_limit = spec.limit;
    sql += ' LIMIT {row_limit:UInt64}';
  }
  return { sql, params };
}
