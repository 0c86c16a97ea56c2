import type { Period } from '../analytics/semantic/compile-query.js';
import type { OptionSpec, ParsedArguments } from './command.js';

export const periodOptions: Record<string, OptionSpec> = {
  from: { type: 'string', description: 'first day of the period, UTC (default: the first record)', value: 'YYYY-MM-DD' },
  to: { type: 'string', description: 'day after the period, UTC, exclusive (default: the day after the last record)', value: 'YYYY-MM-DD' },
};

function parseDay(text: string, option: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : new Date(Number.NaN);
  if (!match || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text) throw new Error(`--${option} must be a date like 2025-06-30, got "${text}"`);
  return date;
}

/** The period named by --from / --to, each falling back to the log's extent. */
export function periodFromArguments(parsed: ParsedArguments, extent: Period | null): Period {
  const from = typeof parsed.values.from === 'string' ? parseDay(parsed.values.from, 'from') : extent?.from;
  const to = typeof parsed.values.to === 'string' ? parseDay(parsed.values.to, 'to') : extent?.to;
  if (!from || !to) throw new Error('the generation log is empty: nothing to report (try: switchboard demo, or switchboard simulate)');
  if (to.getTime() <= from.getTime()) throw new Error(`--to (${to.toISOString().slice(0, 10)}) must be after --from (${from.toISOString().slice(0, 10)})`);
  return { from, to };
}

export function dayText(date: Date): string {
  return date.toISOString().slice(0, 10);
}
