import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyses } from '../../src/analytics/analyses/analysis-registry.js';
import type { AnalysisResult } from '../../src/analytics/analyses/analysis-result.js';
import { AnalyticsStore } from '../../src/analytics/analytics-store.js';
import { compileQuery } from '../../src/analytics/semantic/compile-query.js';
import { ModelCatalog } from '../../src/catalog/model-catalog.js';
import { studyWindow } from '../../src/simulation/workload/study-scenario.js';
import { writeStudyWorkload } from '../../src/simulation/workload/write-study-workload.js';
import { ClickHouseGenerationStore } from '../../src/storage/generation-log/clickhouse-generation-store.js';
import { rollups } from '../../src/storage/generation-log/rollup-tables.js';
import { sampleGenerationRecord } from '../helpers/sample-generation-record.js';

/**
 * The rollups the engine keeps on insert must give every analysis exactly what the raw table
 * gives: each of A1–A17 is run both ways over a generated year and the results compared whole —
 * after inserts, after a re-delivered batch, and after the rollups are rebuilt from the table.
 */
const store = ClickHouseGenerationStore.open({ kind: 'chdb', path: mkdtempSync(join(tmpdir(), 'switchboard-rollups-')) });
const client = store.client;
const period = { from: new Date(`${studyWindow.from}T00:00:00Z`), to: new Date(`${studyWindow.to}T00:00:00Z`) };

async function runAll(rollupsOn: boolean): Promise<Map<string, AnalysisResult>> {
  const analytics = new AnalyticsStore(client, { rollups: rollupsOn });
  const results = new Map<string, AnalysisResult>();
  for (const analysis of analyses) results.set(analysis.id, await analysis.run({ store: analytics, period, options: {} }));
  return results;
}

async function expectIdentical(): Promise<void> {
  const fromRollups = await runAll(true);
  const fromTable = await runAll(false);
  for (const analysis of analyses) expect(fromRollups.get(analysis.id), analysis.id).toEqual(fromTable.get(analysis.id));
}

beforeAll(async () => {
  await store.migrate();
  await writeStudyWorkload(store, ModelCatalog.load(), { records: 60_000, seed: 5, classificationRate: 0.2 });
}, 240_000);
afterAll(async () => {
  await client.close();
});

describe('rollups maintained on insert', () => {
  it('answer the study’s queries from far fewer rows', async () => {
    expect(compileQuery({ dimensions: ['week', 'source_group'], measures: ['tokens'], period }).sql).toContain('FROM generations_model_daily');
    expect(compileQuery({ dimensions: ['week', 'language'], measures: ['tokens'], period }).sql).toContain('FROM generations_daily WHERE');
    expect(compileQuery({ dimensions: ['week', 'category'], measures: ['tokens'], filters: [{ dimension: 'category_path', operator: 'is not null' }], period }).sql).toContain(
      'FROM generations_daily_classified',
    );
    // Not whole days, or a name the rollup lacks: the raw table.
    expect(compileQuery({ dimensions: ['week'], measures: ['tokens'], period: { from: new Date('2025-01-01T12:00:00Z'), to: period.to } }).sql).toContain('FROM generations WHERE');
    expect(compileQuery({ dimensions: ['country'], measures: ['tokens'], period }).sql).toContain('FROM generations WHERE');
    expect(compileQuery({ dimensions: ['model'], measures: ['users'], period }).sql).toContain('FROM generations WHERE');
    const [counts] = (await (
      await client.query({
        query:
          'SELECT (SELECT count() FROM generations) AS raw, (SELECT count() FROM generations_daily) AS daily, (SELECT count() FROM generations_model_daily) AS model_daily, (SELECT count() FROM generations_daily_classified) AS classified',
        format: 'JSONEachRow',
      })
    ).json()) as { raw: number; daily: number; model_daily: number; classified: number }[];
    expect(Number(counts!.daily)).toBeLessThan(Number(counts!.raw));
    expect(Number(counts!.model_daily)).toBeLessThan(Number(counts!.daily));
    expect(Number(counts!.classified)).toBeLessThan(Number(counts!.daily));
  });

  it('give every analysis A1–A17 exactly the raw table’s results', { timeout: 120_000 }, async () => {
    await expectIdentical();
  });

  it('stay exact when a batch is delivered twice (the insert token) and when rebuilt from the table', { timeout: 180_000 }, async () => {
    const rows = Array.from({ length: 50 }, () => sampleGenerationRecord({ created_at: '2025-06-03T10:00:00.000Z' }));
    await store.insert(rows, 'rollup-redelivery');
    await store.insert(rows, 'rollup-redelivery');
    const [daily] = (await (await client.query({ query: "SELECT sum(requests) AS requests FROM generations_daily WHERE day = '2025-06-03'", format: 'JSONEachRow' })).json()) as { requests: number }[];
    const [raw] = (await (await client.query({ query: "SELECT count() AS requests FROM generations WHERE toDate(created_at) = '2025-06-03'", format: 'JSONEachRow' })).json()) as {
      requests: number;
    }[];
    expect(Number(daily!.requests)).toBe(Number(raw!.requests));
    // Rebuilt: views and rollups dropped, then migrate fills them again from the table.
    for (const rollup of rollups) {
      await client.command({ query: `DROP VIEW ${rollup.view}` });
      await client.command({ query: `DROP TABLE ${rollup.table}` });
    }
    await store.migrate();
    await expectIdentical();
  });
});
