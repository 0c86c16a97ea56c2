import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyses } from '../../src/analytics/analyses/analysis-registry.js';
import { studyTolerances } from '../../src/analytics/analyses/study-tolerances.js';
import { formatHeadline, formatTolerance } from '../../src/analytics/report/format-headline.js';
import type { AnalysisResult } from '../../src/analytics/analyses/analysis-result.js';
import { AnalyticsStore } from '../../src/analytics/analytics-store.js';
import { ModelCatalog } from '../../src/catalog/model-catalog.js';
import { studyWindow } from '../../src/simulation/workload/study-scenario.js';
import { writeStudyWorkload } from '../../src/simulation/workload/write-study-workload.js';
import { createClickHouseClient } from '../../src/storage/clickhouse/create-clickhouse-client.js';
import { ClickHouseGenerationStore } from '../../src/storage/generation-log/clickhouse-generation-store.js';

/**
 * A calibrated year at small scale (150,000 requests, a fifth of them classified so that category
 * figures are not swamped by sampling error), run through every analysis A1–A17: every headline
 * the study gives a figure for is checked against its tolerance in
 * src/analytics/analyses/study-tolerances.ts (the same that the report prints), and the study's
 * relations that no single figure states (a share that falls, a week that leads) are checked here.
 * Figures whose tolerance names an `input` only echo what the workload is given: for them the check
 * is of the plumbing (records → SQL → figure), said so in the test's name.
 */
const client = createClickHouseClient({ kind: 'chdb', path: mkdtempSync(join(tmpdir(), 'switchboard-calibrated-')) });
const results = new Map<string, AnalysisResult>();

beforeAll(async () => {
  const store = new ClickHouseGenerationStore(client, { mode: 'embedded', stagingDirectory: mkdtempSync(join(tmpdir(), 'switchboard-calibrated-staging-')) });
  await store.migrate();
  await writeStudyWorkload(store, ModelCatalog.load(), { records: 150_000, seed: 11, classificationRate: 0.2 });
  const analytics = new AnalyticsStore(client);
  const period = { from: new Date(`${studyWindow.from}T00:00:00Z`), to: new Date(`${studyWindow.to}T00:00:00Z`) };
  for (const analysis of analyses) results.set(analysis.id, await analysis.run({ store: analytics, period, options: {} }));
}, 240_000);
afterAll(async () => {
  await client.close();
});

function value(id: string, key: string): number | string | null {
  const headline = results.get(id)!.headlines.find((item) => item.key === key);
  if (!headline) throw new Error(`${id} has no headline ${key}`);
  return headline.value;
}

describe('a calibrated year reproduces the study', () => {
  for (const [id, tolerances] of Object.entries(studyTolerances)) {
    const findings = Object.entries(tolerances).filter(([, tolerance]) => !tolerance.input);
    const inputs = Object.entries(tolerances).filter(([, tolerance]) => tolerance.input);
    for (const [kind, rows] of [
      ['findings', findings],
      ['simulator inputs (plumbing only)', inputs],
    ] as const) {
      if (rows.length === 0) continue;
      it(`${id} ${kind}: ${rows.map(([key]) => key).join(', ')}`, () => {
        for (const [key] of rows) {
          const headline = results.get(id)!.headlines.find((item) => item.key === key);
          expect(headline, `${id} has no headline ${key}`).toBeDefined();
          expect(headline!.withinTolerance, `${id}.${key} = ${formatHeadline(headline!)}; study ${headline!.study}; accepted ${formatTolerance(headline!)}`).toBe(true);
        }
      });
    }
  }

  it('relations the study states that no single figure does', () => {
    // A3: concentration falls.
    expect(results.get('A3')!.headlines[0]!.label).toMatch(/deepseek-r1.*deepseek-chat|deepseek-chat.*deepseek-r1/);
    expect(value('A3', 'hhi_last_weeks') as number).toBeLessThan(value('A3', 'hhi_early') as number);
    // A4: small declining, medium rising from almost nothing, large diversified.
    expect(value('A4', 'small_share_last_quarter') as number).toBeLessThan((value('A4', 'small_share_first_quarter') as number) / 2);
    expect(value('A4', 'medium_share_first_quarter') as number).toBeLessThan(0.08);
    expect(value('A4', 'medium_share_last_quarter') as number).toBeGreaterThan(value('A4', 'medium_share_first_quarter') as number);
    expect(value('A4', 'large_models_over_5_percent') as number).toBeGreaterThanOrEqual(4);
    // A5: closed models' hold on roleplay loosens.
    expect(value('A5', 'roleplay_closed_last_weeks') as number).toBeLessThan(value('A5', 'roleplay_closed_first_weeks') as number);
    // A7: tool calling rises through the year.
    expect(value('A7', 'tool_share_last_quarter') as number).toBeGreaterThan(2 * (value('A7', 'tool_share_first_quarter') as number));
    // A17: Anthropic on top of the last 30 days, with a coding app leading.
    expect(value('A17', 'top_author_month')).toBe('anthropic');
    expect(['Cline', 'Roo Code', 'Kilo Code']).toContain(value('A17', 'top_app_month'));
  });

  it('every analysis with a study figure has its tolerances, and each names a headline the analysis has', () => {
    for (const result of results.values()) {
      for (const key of Object.keys(studyTolerances[result.id] ?? {})) expect(result.headlines.map((headline) => headline.key)).toContain(key);
    }
    expect(Object.keys(studyTolerances).sort()).toEqual(['A1', 'A10', 'A11', 'A12', 'A13', 'A14', 'A15', 'A16', 'A2', 'A3', 'A5', 'A6', 'A7', 'A8', 'A9']);
  });
});
