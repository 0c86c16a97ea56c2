import type { ProviderAttempt } from '../../spec/generation-record.js';
import { generationColumnList } from '../../storage/generation-log/generations-table.js';
import { ImportRowError, type ImportedGeneration } from '../complete-record.js';
import { booleanValue, numberValue, required, textValue } from './field-values.js';

/**
 * The generic import format (docs/import-format.md): columns named like the generation record's
 * fields (the `generations` table), any subset; created_at, model, tokens_prompt and
 * tokens_completion are required. The same names serve CSV (with a header), NDJSON and Parquet.
 */
export const genericColumns = generationColumnList.filter(([name]) => name !== 'schema_version');

/** The columns and types chDB reads from a Parquet file in the generic format. */
export function genericParquetStructure(): string {
  return genericColumns
    .map(([name, type]) => {
      const base = type
        .replace(/^LowCardinality\((.*)\)$/, '$1')
        .replace(/^Nullable\((.*)\)$/, '$1')
        .replace(/^LowCardinality\((.*)\)$/, '$1');
      const readable = base.startsWith('DateTime64') ? "DateTime64(3, 'UTC')" : base === 'Bool' ? 'Bool' : /Int|Float/.test(base) ? 'Float64' : 'String';
      return `${name} Nullable(${readable})`;
    })
    .join(', ');
}

export function fromGenericRow(raw: Record<string, unknown>, row: number): ImportedGeneration {
  const record: Record<string, unknown> = {};
  for (const [name, type] of genericColumns) {
    const value = raw[name];
    if (value === undefined || value === null || value === '') continue;
    if (name === 'provider_responses') {
      try {
        record[name] = (typeof value === 'string' ? JSON.parse(value) : value) as ProviderAttempt[];
      } catch {
        throw new ImportRowError(row, 'provider_responses is not a JSON array');
      }
    } else if (name === 'created_at') record[name] = value instanceof Date ? value.toISOString() : String(value);
    else if (type.includes('Bool')) record[name] = booleanValue(value, name, row);
    else if (/Int|Float/.test(type)) record[name] = numberValue(value, name, row);
    else record[name] = textValue(value);
  }
  required(textValue(record.created_at), 'created_at', row);
  required(textValue(record.model), 'model', row);
  required(numberValue(record.tokens_prompt, 'tokens_prompt', row), 'tokens_prompt', row);
  required(numberValue(record.tokens_completion, 'tokens_completion', row), 'tokens_completion', row);
  return record as ImportedGeneration;
}
