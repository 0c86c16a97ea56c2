import { defineAnalysis } from './analysis-result.js';
import { activeWeekIndexes, meanOverActiveWeeks, mondayOf, pivotWeekly, pooledShare, seriesOf, weeklyShares, weeksOf } from './weekly-series.js';

const groups = ['closed', 'oss-row', 'oss-china', 'unknown'];

/** Open-weight launches the study marks on Fig 1, with the catalog models they correspond to. */
export const openLaunches: { label: string; date: string }[] = [
  { label: 'Llama 3.3 70B', date: '2024-12-06' },
  { label: 'DeepSeek V3', date: '2024-12-26' },
  { label: 'DeepSeek R1', date: '2025-01-20' },
  { label: 'Kimi K2', date: '2025-07-11' },
  { label: 'Qwen3 Coder', date: '2025-07-23' },
  { label: 'GPT-OSS', date: '2025-08-05' },
];

/** A1 — Open vs closed, by origin (Fig 1, 2). */
export const openVersusClosed = defineAnalysis({ id: 'A1', title: 'Open vs closed models, by origin', reference: 'Fig 1, Fig 2' }, async ({ store, period }) => {
  const weeks = weeksOf(period);
  const rows = await store.query({ dimensions: ['week', 'source_group'], measures: ['tokens'], period });
  const breakdown = pivotWeekly(
    rows.map((row) => ({ week: row.week, key: row.source_group, value: row.tokens })),
    weeks,
    groups,
  );
  const shares = weeklyShares(breakdown);
  const average = (group: string) => (shares.has(group) ? meanOverActiveWeeks(shares.get(group)!, breakdown.totals) : 0);
  const china = shares.get('oss-china') ?? weeks.map(() => 0);
  const first = activeWeekIndexes(breakdown.totals, 4, 'start');
  const last = activeWeekIndexes(breakdown.totals, 4, 'end');
  const peak = Math.max(0, ...china.filter((_, position) => breakdown.totals[position]! > 0));
  const markers = openLaunches.filter((launch) => weeks.includes(mondayOf(new Date(launch.date)))).map((launch) => ({ x: mondayOf(new Date(launch.date)), label: launch.label }));

  return {
    definition:
      'Weekly total tokens (prompt + completion) by source group: closed (weights not public), oss-china (open weights, developer in mainland China, Hong Kong or Taiwan), oss-row (open weights, rest of world). Shares are of each week\'s total; "average weekly share" is the mean of the weekly shares over weeks with traffic.',
    figures: [
      { kind: 'stacked-area', title: 'Weekly token share by source group', x: weeks, series: seriesOf(shares, breakdown.keys), yFormat: 'percent', markers },
      { kind: 'stacked-bars', title: 'Weekly tokens by source group', x: weeks, series: seriesOf(breakdown.values, breakdown.keys), yFormat: 'tokens' },
    ],
    tables: [
      {
        name: 'weekly_tokens_by_source_group',
        columns: ['week', 'source_group', 'tokens', 'share'],
        rows: weeks.flatMap((week, position) => breakdown.keys.map((key) => [week, key, breakdown.values.get(key)![position]!, shares.get(key)![position]!])),
      },
    ],
    headlines: [
      { key: 'closed_average_share', label: 'Closed models, average weekly share', value: average('closed'), format: 'percent', study: '≈ 70%' },
      { key: 'oss_row_average_share', label: 'Open rest-of-world models, average weekly share', value: average('oss-row'), format: 'percent', study: '13.7%' },
      { key: 'oss_china_average_share', label: 'Open Chinese models, average weekly share', value: average('oss-china'), format: 'percent', study: '13.0%' },
      {
        key: 'oss_china_first_weeks_share',
        label: 'Open Chinese models, share in the first 4 weeks',
        value: pooledShare(breakdown, ['oss-china'], first),
        format: 'percent',
        study: '≈ 1.2% (late 2024)',
      },
      { key: 'oss_china_peak_share', label: 'Open Chinese models, highest weekly share', value: peak, format: 'percent', study: '≈ 30% in peak weeks' },
      {
        key: 'open_last_weeks_share',
        label: 'All open models, share in the last 4 weeks',
        value: pooledShare(breakdown, ['oss-china', 'oss-row'], last),
        format: 'percent',
        study: '≈ 1/3 by late 2025',
      },
    ],
    notes: breakdown.keys.includes('unknown') ? ['Some models are of unknown openness or origin in the catalog; they are shown as "unknown".'] : [],
  };
});
