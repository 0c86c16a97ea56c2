import { defineAnalysis } from './analysis-result.js';
import { categoryShares, classifiedOnly, combinedShare, sampleInfo, shareBars, shareHeadline } from './category-sample.js';
import { activeWeekIndexes, pivotWeekly, pooledShare, seriesOf, weeklyShares, weeksOf } from './weekly-series.js';

const sourceGroups = ['closed', 'oss-row', 'oss-china', 'unknown'];

/** A5 — What open models are used for (Fig 6–9). */
export const openModelUses = defineAnalysis({ id: 'A5', title: 'What open models are used for', reference: 'Fig 6, 7, 8, 9' }, async ({ store, period }) => {
  const weeks = weeksOf(period);
  const open = { dimension: 'open_weights' as const, operator: '=' as const, value: true };
  const china = { dimension: 'source_group' as const, operator: '=' as const, value: 'oss-china' };
  const [openShares, chinaShares, openWeekly, chinaWeekly, programmingWeekly, roleplayWeekly, sample] = await Promise.all([
    categoryShares(store, period, [open]),
    categoryShares(store, period, [china]),
    store.query({ dimensions: ['week', 'category'], measures: ['tokens'], filters: [open, classifiedOnly], period }),
    store.query({ dimensions: ['week', 'category'], measures: ['tokens'], filters: [china, classifiedOnly], period }),
    store.query({ dimensions: ['week', 'source_group'], measures: ['tokens'], filters: [{ dimension: 'category', operator: '=', value: 'programming' }], period }),
    store.query({ dimensions: ['week', 'source_group'], measures: ['tokens'], filters: [{ dimension: 'category', operator: '=', value: 'roleplay' }], period }),
    sampleInfo(store, period),
  ]);
  const byCategory = (rows: typeof openWeekly) =>
    pivotWeekly(
      rows.map((row) => ({ week: row.week, key: row.category, value: row.tokens })),
      weeks,
    );
  const bySource = (rows: typeof programmingWeekly) =>
    pivotWeekly(
      rows.map((row) => ({ week: row.week, key: row.source_group, value: row.tokens })),
      weeks,
      sourceGroups,
    );
  const openMix = byCategory(openWeekly);
  const chinaMix = byCategory(chinaWeekly);
  const programming = bySource(programmingWeekly);
  const roleplay = bySource(roleplayWeekly);
  const roleplayFirst = activeWeekIndexes(roleplay.totals, 4, 'start');
  const roleplayLast = activeWeekIndexes(roleplay.totals, 4, 'end');
  const programmingLast = activeWeekIndexes(programming.totals, 4, 'end');
  const openProgramming = pooledShare(programming, ['oss-china', 'oss-row'], programmingLast);
  const categoryTable = (name: string, result: typeof openShares) => ({
    name,
    columns: ['category', 'requests_in_sample', 'tokens_in_sample', 'share', 'ci_low', 'ci_high'],
    rows: [...result.shares.entries()].map(([category, entry]) => [category, entry.requests, entry.tokens, entry.share, entry.low, entry.high]),
  });
  return {
    definition:
      'Token-weighted category shares over the classified sample of requests (a uniform random sample of prompts, classified into Google content categories and mapped to study buckets). Fig 6: within all open-weight models; Fig 7: within open Chinese models; Fig 8 and 9: source-group shares within programming and within roleplay. Confidence intervals are 95% for a ratio estimator over the sample.',
    figures: [
      { kind: 'stacked-area', title: 'Category mix of open-weight models', x: weeks, series: seriesOf(weeklyShares(openMix), openMix.keys), yFormat: 'percent' },
      { kind: 'stacked-area', title: 'Category mix of open Chinese models', x: weeks, series: seriesOf(weeklyShares(chinaMix), chinaMix.keys), yFormat: 'percent' },
      { kind: 'stacked-area', title: 'Programming tokens by source group', x: weeks, series: seriesOf(weeklyShares(programming), programming.keys), yFormat: 'percent' },
      shareBars('Category shares of open-weight tokens', openShares),
      shareBars('Category shares of open Chinese tokens', chinaShares),
      { kind: 'stacked-area', title: 'Roleplay tokens by source group', x: weeks, series: seriesOf(weeklyShares(roleplay), roleplay.keys), yFormat: 'percent' },
    ],
    tables: [categoryTable('open_category_shares', openShares), categoryTable('oss_china_category_shares', chinaShares)],
    headlines: [
      shareHeadline('open_roleplay_share', 'Roleplay share of open-weight tokens', combinedShare(openShares, ['roleplay']), '≈ 52%'),
      shareHeadline('open_programming_share', 'Programming share of open-weight tokens', combinedShare(openShares, ['programming']), '15–20%'),
      shareHeadline('china_roleplay_share', 'Roleplay share of open Chinese tokens', combinedShare(chinaShares, ['roleplay']), '≈ 33%'),
      shareHeadline('china_programming_technology_share', 'Programming + technology share of open Chinese tokens', combinedShare(chinaShares, ['programming', 'technology']), '≈ 39%'),
      {
        key: 'roleplay_closed_first_weeks',
        label: 'Roleplay served by closed models, first 4 weeks with labels',
        value: pooledShare(roleplay, ['closed'], roleplayFirst),
        format: 'percent',
        study: '≈ 70% (May 2025)',
      },
      {
        key: 'roleplay_oss_row_first_weeks',
        label: 'Roleplay served by open rest-of-world models, first 4 weeks',
        value: pooledShare(roleplay, ['oss-row'], roleplayFirst),
        format: 'percent',
        study: '22% (May 2025)',
      },
      {
        key: 'roleplay_oss_china_first_weeks',
        label: 'Roleplay served by open Chinese models, first 4 weeks',
        value: pooledShare(roleplay, ['oss-china'], roleplayFirst),
        format: 'percent',
        study: '8% (May 2025)',
      },
      {
        key: 'roleplay_oss_row_last_weeks',
        label: 'Roleplay served by open rest-of-world models, last 4 weeks',
        value: pooledShare(roleplay, ['oss-row'], roleplayLast),
        format: 'percent',
        study: '43% (recent weeks)',
      },
      {
        key: 'roleplay_closed_last_weeks',
        label: 'Roleplay served by closed models, last 4 weeks',
        value: pooledShare(roleplay, ['closed'], roleplayLast),
        format: 'percent',
        study: '42% (recent weeks)',
      },
      { key: 'programming_open_last_weeks', label: 'Programming served by open models, last 4 weeks', value: openProgramming, format: 'percent' },
    ],
    sample,
    notes: [`Category figures rest on ${sample.classifiedRequests} classified requests of ${sample.totalRequests} in the period.`],
  };
});
