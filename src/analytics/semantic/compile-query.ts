import { dimensions, measures, type DimensionName, type MeasureName } from './generations-view.js';

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
export function compileWhere(period: Period, filters: readonly Filter[], params: Record<string, unknown>): string {
  params.period_from = clickHouseTime(period.from);
  params.period_to = clickHouseTime(period.to);
  const conditions = ['created_at >= {period_from:DateTime64(3)}', 'created_at < {period_to:DateTime64(3)}'];
  for (const [index, filter] of filters.entries()) {
    const expression = dimensions[filter.dimension].sql;
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

/**
 * The alias of a result column. ClickHouse lets an alias shadow a column of the same name anywhere
 * in the query (a `category` alias would replace the `category` column inside another expression),
 * so every result column gets a prefix no column has.
 */
export function resultAlias(name: string): string {
  return `result_${name}`;
}

/** Compiles a semantic query into ClickHouse SQL with bound parameters. */
export function compileQuery(spec: QuerySpec): CompiledQuery {
  const params: Record<string, unknown> = {};
  const columns = [
    ...spec.dimensions.map((name) => `${dimensions[name].sql} AS ${resultAlias(name)}`),
    ...spec.measures.map((name) => `${measures[name].sql} AS ${resultAlias(name)}`),
  ];
  let sql = `SELECT ${columns.join(', ')} FROM generations WHERE ${compileWhere(spec.period, spec.filters ?? [], params)}`;
  if (spec.dimensions.length > 0) sql += ` GROUP BY ${spec.dimensions.map(resultAlias).join(', ')}`;
  const order: { column: string; descending?: boolean }[] = spec.orderBy ?? spec.dimensions.map((column) => ({ column }));
  if (order.length > 0) sql += ` ORDER BY ${order.map((item) => `${resultAlias(item.column)}${item.descending ? ' DESC' : ''}`).join(', ')}`;
  if (spec.limit !== undefined) {
    params.row_limit = spec.limit;
    sql += ' LIMIT {row_limit:UInt64}';
  }
  return { sql, params };
}
