import type { Period } from '../semantic/compile-query.js';

const dayMs = 86_400_000;

/** Monday (UTC) of the week containing `date`, as YYYY-MM-DD. */
export function mondayOf(date: Date): string {
  const day = Math.floor(date.getTime() / dayMs);
  const monday = day - ((day + 3) % 7);
  return new Date(monday * dayMs).toISOString().slice(0, 10);
}

/** Every week (its Monday, YYYY-MM-DD) that overlaps the period. */
export function weeksOf(period: Period): string[] {
  const weeks: string[] = [];
  let monday = Date.parse(`${mondayOf(period.from)}T00:00:00Z`);
  while (monday < period.to.getTime()) {
    weeks.push(new Date(monday).toISOString().slice(0, 10));
    monday += 7 * dayMs;
  }
  return weeks;
}

/** ClickHouse returns Date columns as 'YYYY-MM-DD'; DateTime ones with a time part. */
export function dateKey(value: string | null): string {
  return (value ?? '').slice(0, 10);
}

export interface KeyedValue {
  week: string | null;
  key: string | null;
  value: number;
}

export interface WeeklyBreakdown {
  weeks: string[];
  keys: string[];
  /** values[key][weekIndex] */
  values: Map<string, number[]>;
  totals: number[];
}

/**
 * Pivots (week, key, value) rows into one series per key over every week of the period (missing
 * weeks are 0). Keys are ordered by their total, largest first, unless `order` is given.
 */
export function pivotWeekly(rows: readonly KeyedValue[], weeks: readonly string[], order?: readonly string[]): WeeklyBreakdown {
  const index = new Map(weeks.map((week, position) => [week, position]));
  const values = new Map<string, number[]>();
  for (const row of rows) {
    const position = index.get(dateKey(row.week));
    if (position === undefined) continue;
    const key = row.key ?? 'unknown';
    let series = values.get(key);
    if (!series) {
      series = new Array<number>(weeks.length).fill(0);
      values.set(key, series);
    }
    series[position]! += row.value;
  }
  const sum = (series: number[]) => series.reduce((total, value) => total + value, 0);
  const keys = order
    ? [...order.filter((key) => values.has(key)), ...[...values.keys()].filter((key) => !order.includes(key))]
    : [...values.keys()].sort((a, b) => sum(values.get(b)!) - sum(values.get(a)!));
  const totals = weeks.map((_, position) => keys.reduce((total, key) => total + values.get(key)![position]!, 0));
  return { weeks: [...weeks], keys, values, totals };
}

/** The breakdown as shares of each week's total (0 for empty weeks). */
export function weeklyShares(breakdown: WeeklyBreakdown): Map<string, number[]> {
  const shares = new Map<string, number[]>();
  for (const key of breakdown.keys) {
    shares.set(
      key,
      breakdown.values.get(key)!.map((value, position) => (breakdown.totals[position]! > 0 ? value / breakdown.totals[position]! : 0)),
    );
  }
  return shares;
}

/** Mean over the weeks that have traffic. */
export function meanOverActiveWeeks(values: readonly number[], totals: readonly number[]): number {
  const active = values.filter((_, position) => totals[position]! > 0);
  return active.length === 0 ? 0 : active.reduce((sum, value) => sum + value, 0) / active.length;
}

/** Indexes of the first / last `count` weeks that have traffic. */
export function activeWeekIndexes(totals: readonly number[], count: number, from: 'start' | 'end'): number[] {
  const active = totals.map((total, position) => (total > 0 ? position : -1)).filter((position) => position >= 0);
  return from === 'start' ? active.slice(0, count) : active.slice(-count);
}

/** Share of `key` over the given weeks (token-weighted: sum of its values over sum of totals). */
export function pooledShare(breakdown: WeeklyBreakdown, keys: readonly string[], weekIndexes: readonly number[]): number {
  let part = 0;
  let whole = 0;
  for (const position of weekIndexes) {
    whole += breakdown.totals[position]!;
    for (const key of keys) part += breakdown.values.get(key)?.[position] ?? 0;
  }
  return whole > 0 ? part / whole : 0;
}

/** Chart series: one per key, in breakdown order; keys beyond `limit` are summed into "Other". */
export function seriesOf(data: Map<string, number[]>, keys: readonly string[], limit = Number.POSITIVE_INFINITY): { name: string; values: number[] }[] {
  const shown = keys.slice(0, limit);
  const series = shown.map((key) => ({ name: key, values: data.get(key)! }));
  const rest = keys.slice(limit);
  if (rest.length > 0) {
    const length = data.get(rest[0]!)!.length;
    series.push({ name: 'Other', values: Array.from({ length }, (_, position) => rest.reduce((sum, key) => sum + data.get(key)![position]!, 0)) });
  }
  return series;
}

/** The weeks a headline was computed over, for its label: "weeks of 2025-01-06 – 2025-03-24" (or "no weeks with traffic"). */
export function weekSpan(weeks: readonly string[], indexes: readonly number[]): string {
  if (indexes.length === 0) return 'no weeks with traffic';
  const first = weeks[indexes[0]!]!;
  const last = weeks[indexes.at(-1)!]!;
  return first === last ? `week of ${first}` : `weeks of ${first} – ${last}`;
}
