import { ImportRowError } from '../complete-record.js';

/** Imported cell values as typed values: CSV gives text, JSON and Parquet give typed values. */
export function textValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value);
  return text === '' ? null : text;
}

export function numberValue(value: unknown, field: string, row: number): number | null {
  if (value === null || value === undefined || value === '') return null;
  const number = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(number)) throw new ImportRowError(row, `${field} "${String(value)}" is not a number`);
  return number;
}

export function booleanValue(value: unknown, field: string, row: number): boolean | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'boolean') return value;
  const text = String(value).trim().toLowerCase();
  if (['true', '1', 'yes', 't'].includes(text)) return true;
  if (['false', '0', 'no', 'f'].includes(text)) return false;
  throw new ImportRowError(row, `${field} "${String(value)}" is not true or false`);
}

export function required<T>(value: T | null, field: string, row: number): T {
  if (value === null) throw new ImportRowError(row, `${field} is missing`);
  return value;
}
