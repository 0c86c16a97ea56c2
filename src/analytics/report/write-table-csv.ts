import type { Table } from '../analyses/analysis-result.js';

function cell(value: string | number | boolean | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A result table as RFC 4180 CSV with a header row. */
export function tableToCsv(table: Table): string {
  return `${[table.columns.map(cell).join(','), ...table.rows.map((row) => row.map(cell).join(','))].join('\n')}\n`;
}
