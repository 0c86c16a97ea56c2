import type { Period } from '../analytics/semantic/compile-query.js';
import { studyWindow } from '../simulation/workload/study-scenario.js';
import type { OptionSpec, ParsedArguments } from './command.js';

export const periodOptions: Record<string, OptionSpec> = {
  from: { type: 'string', description: "first day of the period, UTC (default: the study's window when the log spans it, else the first record)", value: 'YYYY-MM-DD' },
  to: { type: 'string', description: "day after the period, UTC, exclusive (default: the study's window's end when the log spans it, else the day after the last record)", value: 'YYYY-MM-DD' },
};

function parseDay(text: string, option: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : new Date(Number.NaN);
  if (!match || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text) throw new Error(`--${option} must be a date like 2025-06-30, got "${text}"`);
  return date;
}

/**
 * The period named by --from / --to. With neither, the study's window (2024-11-03 – 2025-11-30)
 * when the log spans it — the period every headline's study figure is of, so the report compares
 * like with like — and otherwise the log's extent; either one given falls back to the extent.
 */
export function periodFromArguments(parsed: ParsedArguments, extent: Period | null): Period {
  const named = typeof parsed.values.from === 'string' || typeof parsed.values.to === 'string';
  const study = { from: new Date(`${studyWindow.from}T00:00:00Z`), to: new Date(`${studyWindow.to}T00:00:00Z`) };
  if (!named && extent && extent.from.getTime() <= study.from.getTime() && extent.to.getTime() >= study.to.getTime()) return study;
  const from = typeof parsed.values.from === 'string' ? parseDay(parsed.values.from, 'from') : extent?.from;
  const to = typeof parsed.values.to === 'string' ? parseDay(parsed.values.to, 'to') : extent?.to;
  if (!from || !to) throw new Error('the generation log is empty: nothing to report (try: switchboard demo, or switchboard simulate)');
  if (to.getTime() <= from.getTime()) throw new Error(`--to (${to.toISOString().slice(0, 10)}) must be after --from (${from.toISOString().slice(0, 10)})`);
  return { from, to };
}

export function dayText(date: Date): string {
  return date.toISOString().slice(0, 10);
}
