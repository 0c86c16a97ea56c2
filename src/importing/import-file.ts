import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import type { ModelCatalog } from '../catalog/model-catalog.js';
import type { GenerationRecord } from '../spec/generation-record.js';
import type { GenerationStore } from '../storage/generation-log/generation-store.js';
import { completeRecord, ImportRowError, type ImportDefaults, type ImportedGeneration } from './complete-record.js';
import { csvRows } from './csv-rows.js';
import { generationJsonRows, ndjsonRows } from './json-rows.js';
import { parquetRows } from './parquet-rows.js';
import { fromGenericRow, genericParquetStructure } from './sources/generic-records.js';
import { checkOpenRouterActivityHeader, fromOpenRouterActivity } from './sources/openrouter-activity-csv.js';
import { fromOpenRouterGeneration } from './sources/openrouter-generation-json.js';

export const importFormats = ['openrouter-activity', 'openrouter-generations', 'csv', 'ndjson', 'parquet'] as const;
export type ImportFormat = (typeof importFormats)[number];

export interface ImportOptions {
  path: string;
  format: ImportFormat;
  store: GenerationStore;
  catalog: ModelCatalog;
  /** Account and billing country for rows that name none (an OpenRouter export is one account's). */
  accountId: string;
  billingCountry: string | null;
  /** A chDB client that can read local Parquet files (the store's own when it is embedded). */
  parquetReader?: () => Promise<ClickHouseClient>;
  batchSize?: number;
  onProgress?: (rows: number) => void;
}

export interface ImportSummary {
  rows: number;
  imported: number;
  rejected: number;
  /** The first rejected rows, with why. */
  problems: string[];
  from: string | null;
  to: string | null;
  /** Models not in the catalog (their facts are unknown in the analyses). */
  unknownModels: string[];
}

/** The format of a file from its name and (for CSV) its header. */
export async function detectFormat(path: string): Promise<ImportFormat> {
  const extension = extname(path).toLowerCase();
  if (extension === '.parquet') return 'parquet';
  if (extension === '.ndjson' || extension === '.jsonl') return 'ndjson';
  if (extension === '.json') return 'openrouter-generations';
  if (extension === '.csv') {
    for await (const row of csvRows(path)) return 'generation_id' in row && 'model_permaslug' in row ? 'openrouter-activity' : 'csv';
    return 'csv';
  }
  throw new Error(`cannot tell the format of ${path} from its name; pass --format (${importFormats.join(', ')})`);
}

async function fileHash(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function* sourceRows(options: ImportOptions): AsyncIterable<ImportedGeneration | ImportRowError> {
  let row = 0;
  const map = async function* <T>(rows: AsyncIterable<T>, convert: (raw: T, row: number) => ImportedGeneration) {
    for await (const raw of rows) {
      row++;
      try {
        yield convert(raw, row);
      } catch (error) {
        if (error instanceof ImportRowError) yield error;
        else throw error;
      }
    }
  };
  switch (options.format) {
    case 'openrouter-activity': {
      let checked = false;
      yield* map(csvRows(options.path), (raw, number) => {
        if (!checked) checkOpenRouterActivityHeader(Object.keys(raw));
        checked = true;
        return fromOpenRouterActivity(raw, number);
      });
      return;
    }
    case 'openrouter-generations':
      yield* map(generationJsonRows(options.path), fromOpenRouterGeneration);
      return;
    case 'csv':
      yield* map(csvRows(options.path), fromGenericRow);
      return;
    case 'ndjson':
      yield* map(ndjsonRows(options.path), fromGenericRow);
      return;
    case 'parquet': {
      if (!options.parquetReader) throw new Error('Parquet import needs a chDB reader');
      yield* map(parquetRows(await options.parquetReader(), options.path, genericParquetStructure()), fromGenericRow);
      return;
    }
  }
}

/**
 * Imports a file of generations into the store: rows are mapped to generation records (catalog
 * facts filled in), written in batches whose deduplication tokens derive from the file's hash, so
 * importing the same file twice stores it once. Rows that cannot be read are skipped and reported.
 */
export async function importFile(options: ImportOptions): Promise<ImportSummary> {
  const hash = await fileHash(options.path);
  const defaults: ImportDefaults = { accountId: options.accountId, billingCountry: options.billingCountry, source: hash };
  const batchSize = options.batchSize ?? 20_000;
  const summary: ImportSummary = { rows: 0, imported: 0, rejected: 0, problems: [], from: null, to: null, unknownModels: [] };
  const unknown = new Set<string>();
  let batch: GenerationRecord[] = [];
  let batchNumber = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    batchNumber++;
    await options.store.insert(batch, `import-${hash}-${batchSize}-${batchNumber}`);
    summary.imported += batch.length;
    batch = [];
  };
  const reject = (error: ImportRowError) => {
    summary.rejected++;
    if (summary.problems.length < 20) summary.problems.push(error.message);
  };
  for await (const item of sourceRows(options)) {
    summary.rows++;
    if (item instanceof ImportRowError) {
      reject(item);
      continue;
    }
    try {
      const record = completeRecord(item, summary.rows, options.catalog, defaults);
      if (record.open_weights === null && !options.catalog.get(record.model)) unknown.add(record.model);
      if (summary.from === null || record.created_at < summary.from) summary.from = record.created_at;
      if (summary.to === null || record.created_at > summary.to) summary.to = record.created_at;
      batch.push(record);
    } catch (error) {
      if (error instanceof ImportRowError) reject(error);
      else throw error;
    }
    if (batch.length >= batchSize) await flush();
    if (summary.rows % 10_000 === 0) options.onProgress?.(summary.rows);
  }
  await flush();
  summary.unknownModels = [...unknown].sort();
  return summary;
}
