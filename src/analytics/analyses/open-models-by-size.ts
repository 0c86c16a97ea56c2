import { defineAnalysis } from './analysis-result.js';
import { activeWeekIndexes, pivotWeekly, pooledShare, seriesOf, weeklyShares, weeksOf } from './weekly-series.js';

const buckets = ['small', 'medium', 'large', 'unknown'];

/** A4 — Open models by size: token shares and how many models of each size have traffic (Fig 4, 5). */
export const openModelsBySize = defineAnalysis({ id: 'A4', title: 'Open models by size', reference: 'Fig 4, Fig 5' }, async ({ store, period }) => {
  const weeks = weeksOf(period);
  const open = [{ dimension: 'open_weights' as const, operator: '=' as const, value: true }];
  const [tokenRows, modelRows, largeRows] = await Promise.all([
    store.query({ dimensions: ['week', 'size_bucket'], measures: ['tokens'], filters: open, period }),
    store.query({ dimensions: ['week', 'size_bucket'], measures: ['models'], filters: open, period }),
    store.query({
      dimensions: ['model'],
      measures: ['tokens'],
      filters: [...open, { dimension: 'size_bucket', operator: '=', value: 'large' }],
      period,
      orderBy: [{ column: 'tokens', descending: true }],
    }),
  ]);
  const tokens = pivotWeekly(
    tokenRows.map((row) => ({ week: row.week, key: row.size_bucket ?? 'unknown', value: row.tokens })),
    weeks,
    buckets,
  );
  const models = pivotWeekly(
    modelRows.map((row) => ({ week: row.week, key: row.size_bucket ?? 'unknown', value: row.models })),
    weeks,
    buckets,
  );
  const shares = weeklyShares(tokens);
  const quarter = Math.max(1, Math.floor(tokens.totals.filter((total) => total > 0).length / 4));
  const first = activeWeekIndexes(tokens.totals, quarter, 'start');
  const last = activeWeekIndexes(tokens.totals, quarter, 'end');
  const largeTotal = largeRows.reduce((sum, row) => sum + row.tokens, 0);
  return {
    definition:
      'Open-weight models by total parameter count: small < 15B, medium 15B–70B, large ≥ 70B ("unknown" where the catalog has no parameter count). Fig 4: weekly share of open tokens per size; Fig 5: number of distinct open models of each size with any traffic that week (the study\'s "available models" read as models in use).',
    figures: [
      { kind: 'stacked-area', title: 'Weekly share of open-weight tokens by model size', x: weeks, series: seriesOf(shares, tokens.keys), yFormat: 'percent' },
      { kind: 'lines', title: 'Open models with traffic each week, by size', x: weeks, series: seriesOf(models.values, models.keys), yFormat: 'count' },
    ],
    tables: [
      {
        name: 'weekly_open_tokens_by_size',
        columns: ['week', 'size_bucket', 'tokens', 'share', 'models'],
        rows: weeks.flatMap((week, position) => tokens.keys.map((key) => [week, key, tokens.values.get(key)![position]!, shares.get(key)![position]!, models.values.get(key)?.[position] ?? 0])),
      },
      { name: 'large_open_models', columns: ['model', 'tokens', 'share_of_large'], rows: largeRows.map((row) => [row.model, row.tokens, largeTotal > 0 ? row.tokens / largeTotal : 0]) },
    ],
    headlines: [
      {
        key: 'small_share_first_quarter',
        label: 'Small models, share of open tokens in the first quarter of the period',
        value: pooledShare(tokens, ['small'], first),
        format: 'percent',
        study: 'small declining',
      },
      { key: 'small_share_last_quarter', label: 'Small models, share of open tokens in the last quarter', value: pooledShare(tokens, ['small'], last), format: 'percent', study: 'small declining' },
      {
        key: 'medium_share_first_quarter',
        label: 'Medium models, share in the first quarter',
        value: pooledShare(tokens, ['medium'], first),
        format: 'percent',
        study: 'medium created by Qwen2.5 Coder 32B (Nov 2024)',
      },
      {
        key: 'medium_share_last_quarter',
        label: 'Medium models, share in the last quarter',
        value: pooledShare(tokens, ['medium'], last),
        format: 'percent',
        study: 'then Mistral Small 3, GPT-OSS 20B',
      },
      {
        key: 'large_models_over_5_percent',
        label: 'Large open models with ≥ 5% of large-model tokens',
        value: largeRows.filter((row) => largeTotal > 0 && row.tokens / largeTotal >= 0.05).length,
        format: 'count',
        study: 'large diversified (Qwen3 235B, GLM 4.5 Air, GPT-OSS-120B …)',
      },
    ],
    notes: [],
  };
});
