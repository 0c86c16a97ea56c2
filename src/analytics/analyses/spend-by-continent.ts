import { defineAnalysis } from './analysis-result.js';
import { activeWeekIndexes, pivotWeekly, pooledShare, seriesOf, weeklyShares, weeksOf } from './weekly-series.js';

/** A12 — Weekly share of spend by billing continent (Fig 24). */
export const spendByContinent = defineAnalysis({ id: 'A12', title: 'Spend by continent', reference: 'Fig 24' }, async ({ store, period }) => {
  const weeks = weeksOf(period);
  const rows = await store.query({ dimensions: ['week', 'continent'], measures: ['spend'], period });
  const spend = pivotWeekly(
    rows.map((row) => ({ week: row.week, key: row.continent, value: row.spend })),
    weeks,
  );
  const shares = weeklyShares(spend);
  const active = weeks.map((_, position) => position).filter((position) => spend.totals[position]! > 0);
  const first = activeWeekIndexes(spend.totals, 4, 'start');
  const last = activeWeekIndexes(spend.totals, 4, 'end');
  const northAmerica = shares.get('North America') ?? weeks.map(() => 0);
  const europe = active.map((position) => shares.get('Europe')?.[position] ?? 0).sort((a, b) => a - b);
  return {
    definition: "Weekly share of spend (USD charged) by the continent of the account's billing country (not IP location).",
    figures: [{ kind: 'stacked-area', title: 'Weekly spend share by billing continent', x: weeks, series: seriesOf(shares, spend.keys), yFormat: 'percent' }],
    tables: [
      {
        name: 'weekly_spend_by_continent',
        columns: ['week', 'continent', 'spend_usd', 'share'],
        rows: weeks.flatMap((week, position) => spend.keys.map((key) => [week, key, spend.values.get(key)![position]!, shares.get(key)![position]!])),
      },
    ],
    headlines: [
      {
        key: 'north_america_weeks_below_half',
        label: 'Share of weeks in which North America was below 50% of spend',
        value: active.length > 0 ? active.filter((position) => northAmerica[position]! < 0.5).length / active.length : null,
        format: 'percent',
        study: 'North America < 50% most weeks',
      },
      { key: 'north_america_share', label: 'North America, share of spend over the period', value: pooledShare(spend, ['North America'], active), format: 'percent' },
      { key: 'europe_share_low', label: 'Europe, 10th percentile of weekly share', value: europe.length > 0 ? europe[Math.floor(europe.length * 0.1)]! : null, format: 'percent', study: 'mid-teens' },
      {
        key: 'europe_share_high',
        label: 'Europe, 90th percentile of weekly share',
        value: europe.length > 0 ? europe[Math.min(europe.length - 1, Math.floor(europe.length * 0.9))]! : null,
        format: 'percent',
        study: 'mid-20s',
      },
      { key: 'asia_share_first_weeks', label: 'Asia, share of spend in the first 4 weeks', value: pooledShare(spend, ['Asia'], first), format: 'percent', study: '≈ 13%' },
      { key: 'asia_share_last_weeks', label: 'Asia, share of spend in the last 4 weeks', value: pooledShare(spend, ['Asia'], last), format: 'percent', study: '≈ 31%' },
    ],
    notes: [],
  };
});
