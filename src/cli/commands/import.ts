import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import { ModelCatalog } from '../../catalog/model-catalog.js';
import { detectFormat, importFile, importFormats, type ImportFormat } from '../../importing/import-file.js';
import { createClickHouseClient } from '../../storage/clickhouse/create-clickhouse-client.js';
import type { Command } from '../command.js';
import { configFromArguments, configOptions } from '../cli-context.js';
import { withGenerationStore } from '../generation-store-context.js';
import { formatCount, formatDuration, ProgressLine } from '../progress-line.js';

export const importCommand: Command = {
  name: 'import',
  summary: 'Import usage from outside into the generation log (OpenRouter activity export, /generation records, CSV, NDJSON, Parquet)',
  arguments: '<file>',
  details:
    'Formats (by file name unless --format says):\n' +
    '  openrouter-activity     OpenRouter’s activity export (.csv with generation_id, model_permaslug …)\n' +
    '  openrouter-generations  saved GET /api/v1/generation responses (.json: one, an array, or NDJSON)\n' +
    '  csv | ndjson | parquet  the generic format: columns named like the generation record (docs/import-format.md)\n' +
    'Importing the same file twice stores it once. Then: switchboard report --from … --to …',
  options: {
    ...configOptions,
    format: { type: 'string', short: 'f', description: `one of ${importFormats.join(', ')}`, value: 'format' },
    account: { type: 'string', description: 'account id for rows that name none (default: imported)', value: 'id' },
    country: { type: 'string', description: 'billing country (ISO alpha-2) for rows that name none', value: 'code' },
  },
  run: async (parsed) => {
    const [path] = parsed.positionals;
    if (!path) throw new Error('name the file to import');
    const formatOption = parsed.values.format;
    if (formatOption !== undefined && !(importFormats as readonly unknown[]).includes(formatOption)) throw new Error(`--format must be one of ${importFormats.join(', ')}`);
    const format = (formatOption as ImportFormat | undefined) ?? (await detectFormat(path));
    const country = typeof parsed.values.country === 'string' ? parsed.values.country.toUpperCase() : null;
    if (country !== null && !/^[A-Z]{2}$/.test(country)) throw new Error(`--country must be a two-letter ISO code, got "${parsed.values.country}"`);
    const config = configFromArguments(parsed);
    const started = performance.now();
    const progress = new ProgressLine();
    let reader: ClickHouseClient | null = null;
    const summary = await withGenerationStore(config, async ({ store, client, description }) => {
      process.stderr.write(`importing ${path} as ${format} into ${description}\n`);
      try {
        return await importFile({
          path,
          format,
          store,
          catalog: ModelCatalog.load(),
          accountId: typeof parsed.values.account === 'string' ? parsed.values.account : 'imported',
          billingCountry: country,
          parquetReader: async () => {
            if (config.generation_log.store === 'chdb') return client;
            reader ??= createClickHouseClient({ kind: 'chdb', path: mkdtempSync(join(tmpdir(), 'switchboard-parquet-')) });
            return reader;
          },
          onProgress: (rows) => progress.update(`  ${formatCount(rows)} rows read`),
        });
      } finally {
        await (reader as ClickHouseClient | null)?.close();
      }
    });
    progress.done(
      `imported ${formatCount(summary.imported)} of ${formatCount(summary.rows)} rows in ${formatDuration(performance.now() - started)}` +
        (summary.from ? ` (${summary.from.slice(0, 10)} – ${summary.to!.slice(0, 10)})` : ''),
    );
    if (summary.unknownModels.length > 0) {
      process.stderr.write(`models not in the catalog (open weights, origin and size unknown): ${summary.unknownModels.slice(0, 10).join(', ')}${summary.unknownModels.length > 10 ? ' …' : ''}\n`);
    }
    if (summary.rejected > 0) {
      process.stderr.write(`${formatCount(summary.rejected)} rows rejected:\n`);
      for (const problem of summary.problems) process.stderr.write(`  ${problem}\n`);
      return 1;
    }
    return 0;
  },
};
