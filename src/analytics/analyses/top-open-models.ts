import { countToReach, herfindahlHirschmanIndex } from '../statistics/concentration.js';
import { defineAnalysis } from './analysis-result.js';
import { activeWeekIndexes, pivotWeekly, seriesOf, weekSpan, weeklyShares, weeksOf } from './weekly-series.js';

/** A3 — Top 15 open models over time, and how concentrated open usage is (Fig 3). */
export const topOpenModels = defineAnalysis({ id: 'A3', title: 'Top open models over time', reference: 'Fig 3' }, async ({ store, period }) => {
  const weeks = weeksOf(period);
  const rows = await store.query({ dimensions: ['week', 'model'], measures: ['tokens'], filters: [{ dimension: 'open_weights', operator: '=', value: true }], period });
  const breakdown = pivotWeekly(
    rows.map((row) => ({ week: row.week, key: row.model, value: row.tokens })),
    weeks,
  );
  const shares = weeklyShares(breakdown);
  const weekShares = (position: number) => breakdown.keys.map((key) => shares.get(key)![position]!).filter((share) => share > 0);
  const hhi = weeks.map((_, position) => (breakdown.totals[position]! > 0 ? herfindahlHirschmanIndex(weekShares(position)) : null));
  const topShare = weeks.map((_, position) => (breakdown.totals[position]! > 0 ? Math.max(...weekShares(position)) : null));
  const toEighty = weeks.map((_, position) => (breakdown.totals[position]! > 0 ? countToReach(weekShares(position), 0.8) : null));
  // The study's "early period": January–March 2025 when the period covers it, else its first 13 weeks with traffic.
  const studyEarly = weeks.map((week, position) => (week >= '2025-01-01' && week < '2025-04-01' && breakdown.totals[position]! > 0 ? position : -1)).filter((position) => position >= 0);
  const first = studyEarly.length >= 4 ? studyEarly : activeWeekIndexes(breakdown.totals, 13, 'start');
  const last = activeWeekIndexes(breakdown.totals, 4, 'end');
  const pooled = (indexes: number[]) => {
    const whole = indexes.reduce((sum, position) => sum + breakdown.totals[position]!, 0);
    return breakdown.keys.map((key) => ({ key, share: whole > 0 ? indexes.reduce((sum, position) => sum + breakdown.values.get(key)![position]!, 0) / whole : 0 })).sort((a, b) => b.share - a.share);
  };
  const early = pooled(first);
  const late = pooled(last);
  return {
    definition:
      'Weekly share of open-weight tokens per model (top 15 over the period; the rest as "Other"). Concentration per week: the largest single-model share, the Herfindahl–Hirschman index of model shares, and how many models it takes to reach 80% of open tokens. "Early period" is January–March 2025 when the period covers it (the study\'s late-2024/early-2025 DeepSeek dominance), else the first 13 weeks.',
    figures: [
      { kind: 'stacked-area', title: 'Weekly share of open-weight tokens by model', x: weeks, series: seriesOf(shares, breakdown.keys, 15), yFormat: 'percent' },
      {
        kind: 'lines',
        title: 'Concentration of open-weight usage',
        x: weeks,
        series: [
          { name: 'largest model share', values: topShare },
          { name: 'HHI', values: hhi },
        ],
        yFormat: 'percent',
      },
    ],
    tables: [
      {
        name: 'weekly_open_share_by_model',
        columns: ['week', 'model', 'tokens', 'share'],
        rows: weeks.flatMap((week, position) =>
          breakdown.keys.filter((key) => breakdown.values.get(key)![position]! > 0).map((key) => [week, key, breakdown.values.get(key)![position]!, shares.get(key)![position]!]),
        ),
      },
      {
        name: 'weekly_open_concentration',
        columns: ['week', 'top_model_share', 'hhi', 'models_to_80_percent'],
        rows: weeks.map((week, position) => [week, topShare[position]!, hhi[position]!, toEighty[position]!]),
      },
    ],
    headlines: [
      {
        key: 'early_top2_share',
        label: `Top 2 open models early on (${studyEarly.length >= 4 ? 'Jan–Mar 2025' : `this log's first 13 weeks with traffic, ${weekSpan(weeks, first)}; the log does not cover Jan–Mar 2025`}: ${early
          .slice(0, 2)
          .map((item) => item.key)
          .join(' + ')})`,
        value: (early[0]?.share ?? 0) + (early[1]?.share ?? 0),
        format: 'percent',
        study: 'DeepSeek V3 + R1 > 50% of open tokens (the early period)',
      },
      {
        key: 'last_weeks_top_share',
        label: `Largest open model in the last 4 weeks (${weekSpan(weeks, last)}: ${late[0]?.key ?? '-'})`,
        value: late[0]?.share ?? 0,
        format: 'percent',
        study: 'no model > 25% (late 2025)',
      },
      {
        key: 'last_weeks_models_over_5_percent',
        label: 'Open models with ≥ 5% of open tokens in the last 4 weeks',
        value: late.filter((item) => item.share >= 0.05).length,
        format: 'count',
        study: '5–7 models share evenly',
      },
      { key: 'hhi_early', label: 'HHI of open-model shares, early period', value: herfindahlHirschmanIndex(early.map((item) => item.share)), format: 'number' },
      { key: 'hhi_last_weeks', label: 'HHI of open-model shares, last 4 weeks', value: herfindahlHirschmanIndex(late.map((item) => item.share)), format: 'number' },
    ],
    notes: [],
  };
});
