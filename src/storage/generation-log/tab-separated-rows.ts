import type { GenerationRecord } from './generation-record.js';
import { generationColumnList } from './generations-table.js';

function escape(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

function field(name: keyof GenerationRecord, value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (name === 'created_at') return (value as string).replace('T', ' ').replace('Z', '');
  if (name === 'provider_responses') return escape(JSON.stringify(value));
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return String(value);
  return escape(String(value));
}

/** One record as a TabSeparated line in the column order of `generations` (for bulk inserts). */
export function toTabSeparatedRow(record: GenerationRecord): string {
  let line = '';
  for (let index = 0; index < generationColumnList.length; index++) {
    const name = generationColumnList[index]![0];
    line += (index === 0 ? '' : '\t') + field(name, record[name]);
  }
  return `${line}\n`;
}
