import { defineAnalysis } from './analysis-result.js';
import { categoryShares, classifiedOnly, combinedShare, sampleInfo, shareBars, shareHeadline } from './category-sample.js';
import { activeWeekIndexes, pivotWeekly, pooledShare, seriesOf, weekSpan, weeklyShares, weeksOf } from './weekly-series.js';

/** A9 — Category mix over time, and who serves programming (Fig 19, 20). */
export const categoryMix = defineAnalysis({ id: 'A9', title: 'Category mix over time', reference: 'Fig 19, Fig 20' }, async ({ store, period }) => {
  const weeks = weeksOf(period);
  const [weekly, programmingAuthors, overall, sample] = await Promise.all([
    store.query({ dimensions: ['week', 'category'], measures: ['tokens'], filters: [classifiedOnly], period }),
    store.query({ dimensions: ['week', 'author'], measures: ['tokens'], filters: [{ dimension: 'category', operator: '=', value: 'programming' }], period }),
    categoryShares(store, period),
    sampleInfo(store, period),
  ]);
  const mix = pivotWeekly(
    weekly.map((row) => ({ week: row.week, key: row.category, value: row.tokens })),
    weeks,
  );
  const mixShares = weeklyShares(mix);
  const authors = pivotWeekly(
    programmingAuthors.map((row) => ({ week: row.week, key: row.author, value: row.tokens })),
    weeks,
  );
  const authorShares = weeklyShares(authors);
  const first = activeWeekIndexes(mix.totals, 4, 'start');
  const last = activeWeekIndexes(mix.totals, 4, 'end');
  const programmingFirst = activeWeekIndexes(authors.totals, 4, 'start');
  const programmingLast = activeWeekIndexes(authors.totals, 4, 'end');
  const anthropic = authorShares.get('anthropic') ?? weeks.map(() => 0);
  const activeProgrammingWeeks = weeks.map((_, position) => position).filter((position) => authors.totals[position]! > 0);
  const anthropicAbove = activeProgrammingWeeks.filter((position) => anthropic[position]! > 0.6).length;
  const firstBelow = activeProgrammingWeeks.find((position, index) => anthropic[position]! < 0.6 && index > 0 && activeProgrammingWeeks.slice(0, index).some((earlier) => anthropic[earlier]! >= 0.6));
  const googleAverage =
    activeProgrammingWeeks.length > 0 ? activeProgrammingWeeks.reduce((sum, position) => sum + (authorShares.get('google')?.[position] ?? 0), 0) / activeProgrammingWeeks.length : 0;
  return {
    definition: 'Weekly token shares of each category over the classified sample (Fig 19), and within programming the weekly token share of each model author (Fig 20).',
    figures: [
      { kind: 'stacked-area', title: 'Weekly category shares (classified sample)', x: weeks, series: seriesOf(mixShares, mix.keys), yFormat: 'percent' },
      { kind: 'stacked-area', title: 'Programming tokens by model author', x: weeks, series: seriesOf(authorShares, authors.keys, 8), yFormat: 'percent' },
      shareBars('Category shares of classified tokens over the period', overall),
    ],
    tables: [
      {
        name: 'weekly_category_shares',
        columns: ['week', 'category', 'tokens', 'share'],
        rows: weeks.flatMap((week, position) => mix.keys.map((key) => [week, key, mix.values.get(key)![position]!, mixShares.get(key)![position]!])),
      },
      {
        name: 'weekly_programming_author_shares',
        columns: ['week', 'author', 'tokens', 'share'],
        rows: weeks.flatMap((week, position) => authors.keys.map((key) => [week, key, authors.values.get(key)![position]!, authorShares.get(key)![position]!])),
      },
      {
        name: 'category_shares',
        columns: ['category', 'requests_in_sample', 'share', 'ci_low', 'ci_high'],
        rows: [...overall.shares.entries()].map(([category, entry]) => [category, entry.requests, entry.share, entry.low, entry.high]),
      },
    ],
    headlines: [
      {
        key: 'programming_share_first_weeks',
        label: `Programming share of classified tokens, first 4 weeks with labels (${weekSpan(weeks, first)})`,
        value: pooledShare(mix, ['programming'], first),
        format: 'percent',
        study: '≈ 11% (early 2025)',
      },
      {
        key: 'programming_share_last_weeks',
        label: `Programming share of classified tokens, last 4 weeks (${weekSpan(weeks, last)})`,
        value: pooledShare(mix, ['programming'], last),
        format: 'percent',
        study: '> 50% (recent weeks)',
      },
      shareHeadline('programming_share_period', 'Programming share of classified tokens over the period', combinedShare(overall, ['programming'])),
      {
        key: 'anthropic_programming_share_period',
        label: 'Anthropic share of programming over the period',
        value: pooledShare(authors, ['anthropic'], activeProgrammingWeeks),
        format: 'percent',
        study: '> 60% most of the period',
      },
      {
        key: 'anthropic_programming_weeks_above_60',
        label: 'Share of weeks in which Anthropic served > 60% of programming',
        value: activeProgrammingWeeks.length > 0 ? anthropicAbove / activeProgrammingWeeks.length : null,
        format: 'percent',
        study: 'most of the period',
      },
      {
        key: 'anthropic_programming_first_below_60',
        label: 'First week Anthropic fell below 60% of programming',
        value: firstBelow === undefined ? null : weeks[firstBelow]!,
        format: 'text',
        study: 'week of 2025-11-17',
      },
      {
        key: 'openai_programming_first_weeks',
        label: `OpenAI share of programming, first 4 weeks (${weekSpan(weeks, programmingFirst)})`,
        value: pooledShare(authors, ['openai'], programmingFirst),
        format: 'percent',
        study: '≈ 2%',
      },
      {
        key: 'openai_programming_last_weeks',
        label: `OpenAI share of programming, last 4 weeks (${weekSpan(weeks, programmingLast)})`,
        value: pooledShare(authors, ['openai'], programmingLast),
        format: 'percent',
        study: '≈ 8% since July',
      },
      { key: 'google_programming_average', label: 'Google share of programming, average weekly share', value: googleAverage, format: 'percent', study: '≈ 15%' },
    ],
    sample,
    notes: [`Category figures rest on ${sample.classifiedRequests} classified requests of ${sample.totalRequests}.`],
  };
});
