/**
 * Prints every headline of the study analyses over a freshly generated workload, next to the
 * study's value: the loop for tuning src/simulation/workload/study-scenario.ts.
 * Run: npx tsx scripts/calibrate-workload.ts [records] [classification rate] [A1,A9,…] [seed]
 * TABLES=1 prints each analysis's tables too.
 * (check several seeds: A16's slope moves by ±0.05 between them at 150,000 records)
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyses } from '../src/analytics/analyses/analysis-registry.js';
import { AnalyticsStore } from '../src/analytics/analytics-store.js';
import type { AnalysisResult } from '../src/analytics/analyses/analysis-result.js';
import { formatHeadline, formatTolerance, toleranceSummary } from '../src/analytics/report/format-headline.js';
import { ModelCatalog } from '../src/catalog/model-catalog.js';
import { generateStudyWorkload } from '../src/simulation/workload/generate-study-workload.js';
import { studyWindow } from '../src/simulation/workload/study-scenario.js';
import { ClickHouseGenerationStore } from '../src/storage/generation-log/clickhouse-generation-store.js';

const records = Number(process.argv[2] ?? 200_000);
const classificationRate = Number(process.argv[3] ?? 0.05);
const store = ClickHouseGenerationStore.open({ kind: 'chdb', path: mkdtempSync(join(tmpdir(), 'calibrate-')) });
const client = store.client;
await store.migrate();
let started = performance.now();
const summary = await generateStudyWorkload({ records, classificationRate, seed: Number(process.argv[5] ?? 7) }, ModelCatalog.load(), async (batch) => {
  await store.insert(batch);
});
console.log(`generated ${summary.records} records, ${summary.accounts} accounts in ${((performance.now() - started) / 1000).toFixed(1)} s`);
const analytics = new AnalyticsStore(client);
const period = { from: new Date(`${studyWindow.from}T00:00:00Z`), to: new Date(`${studyWindow.to}T00:00:00Z`) };
const only = process.argv[4] ? process.argv[4].split(',') : undefined;
const results: AnalysisResult[] = [];
for (const analysis of analyses) {
  if (only && !only.includes(analysis.id)) continue;
  started = performance.now();
  const result = await analysis.run({ store: analytics, period, options: {} });
  console.log(`\n${result.id} ${result.title} (${((performance.now() - started) / 1000).toFixed(2)} s)`);
  results.push(result);
  for (const headline of result.headlines)
    console.log(`  ${headline.label.padEnd(78)} ${formatHeadline(headline).padEnd(40)} study: ${headline.study ?? ''}${headline.tolerance ? `  [${formatTolerance(headline)}]` : ''}`);
  if (process.env.TABLES) for (const table of result.tables) console.table(table.rows.map((row) => Object.fromEntries(table.columns.map((column, index) => [column, row[index]]))));
}
const tolerances = toleranceSummary(results);
console.log(`\nwithin tolerance: ${tolerances.within} of ${tolerances.total}`);
for (const { id, headline } of tolerances.outside) console.log(`  outside: ${id}.${headline.key} = ${formatHeadline(headline)} [${formatTolerance(headline)}]`);
await client.close();
