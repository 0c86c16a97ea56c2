import { GatewayError } from '../../errors/gateway-error.js';

const dayMs = 86_400_000;

/** A YYYY-MM-DD query parameter, checked; `fallback` when absent. */
export function queryDay(query: URLSearchParams, name: string, fallback: string): string {
  const text = query.get(name) ?? fallback;
  const date = /^\d{4}-\d{2}-\d{2}$/.test(text) ? new Date(`${text}T00:00:00Z`) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text) {
    throw new GatewayError('invalid_request', `${name}: expected a date like 2025-06-30, got "${text}"`, { metadata: { param: name } });
  }
  return text;
}

/** A UTC day `days` after (or before) a YYYY-MM-DD day. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);
}

/** Checks that [start, end] is ordered and at most `maximumDays` long. */
export function checkWindow(start: string, end: string, maximumDays: number, names: [string, string]): void {
  const days = (Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / dayMs;
  if (days < 0) throw new GatewayError('invalid_request', `${names[1]} (${end}) is before ${names[0]} (${start})`, { metadata: { param: names[1] } });
  if (days >= maximumDays) throw new GatewayError('invalid_request', `the window ${start} – ${end} is longer than ${maximumDays} days`, { metadata: { param: names[1] } });
}
