import type { AnalyticsStore } from '../analytics-store.js';
import type { Period } from '../semantic/compile-query.js';
import { median, ordinaryLeastSquares } from '../statistics/ordinary-least-squares.js';
import { defineAnalysis, type Headline } from './analysis-result.js';
import { classifiedOnly, sampleInfo } from './category-sample.js';

export interface CostPoint {
  label: string;
  group: string;
  /** USD per million tokens actually charged, BYOK excluded. */
  costPerMillion: number;
  tokens: number;
}

type Quadrant = 'premium' | 'mass market' | 'specialist' | 'niche';

function quadrant(point: CostPoint, costLine: number, usageLine: number): Quadrant {
  const expensive = point.costPerMillion >= costLine;
  const used = point.tokens >= usageLine;
  return expensive ? (used ? 'premium' : 'specialist') : used ? 'mass market' : 'niche';
}

async function costPoints(store: AnalyticsStore, period: Period, by: 'category' | 'model'): Promise<CostPoint[]> {
  const rows = await store.query({
    dimensions: by === 'category' ? ['category'] : ['model', 'source_group'],
    measures: ['effective_cost_usd', 'effective_cost_tokens'],
    filters: by === 'category' ? [classifiedOnly] : [],
    period,
  });
  return rows
    .filter((row) => row.effective_cost_tokens > 0 && row.effective_cost_usd > 0)
    .map((row) => {
      const label = by === 'category' ? ((row as { category: string | null }).category ?? 'other') : ((row as { model: string | null }).model ?? 'unknown');
      const group = by === 'category' ? 'category' : (row as { source_group: string | null }).source_group === 'closed' ? 'closed' : 'open';
      return { label, group, costPerMillion: (1e6 * row.effective_cost_usd) / row.effective_cost_tokens, tokens: row.effective_cost_tokens };
    });
}

/** A15 — Effective cost vs usage by category (Fig 26). */
export const costVersusUsageByCategory = defineAnalysis({ id: 'A15', title: 'Cost vs usage by category', reference: 'Fig 26' }, async ({ store, period }) => {
  const [points, sample] = await Promise.all([costPoints(store, period, 'category'), sampleInfo(store, period)]);
  const shown = points.filter((point) => point.label !== 'other');
  const medianCost = median(shown.map((point) => point.costPerMillion));
  // Usage spans orders of magnitude between categories (programming's is a hundred times legal's):
  // its split is the centre of the log axis, the geometric mean, as the study's Fig 26 draws it.
  const usageLine = shown.length > 0 ? 10 ** (shown.reduce((sum, point) => sum + Math.log10(point.tokens), 0) / shown.length) : 0;
  const byCost = [...shown].sort((a, b) => b.costPerMillion - a.costPerMillion);
  const quadrants = new Map(shown.map((point) => [point.label, quadrant(point, medianCost, usageLine)]));
  const members = (name: Quadrant) =>
    shown
      .filter((point) => quadrants.get(point.label) === name)
      .map((point) => point.label)
      .join(', ') || null;
  return {
    definition:
      "Per category of the classified sample: effective cost = 1e6 × USD charged ÷ tokens (prompt + completion), BYOK requests excluded, against total tokens; log–log. A line at the categories' median cost (the study's Fig 26: $0.73) and one at the geometric mean of their usage (the centre of the log axis) split them into four quadrants: premium (high cost, high use), mass market (low cost, high use), specialists (high cost, low use), niche (low cost, low use). Usage is the classified sample's tokens.",
    figures: [
      {
        kind: 'scatter',
        title: 'Effective cost vs usage by category',
        points: shown.map((point) => ({ label: point.label, x: point.tokens, y: point.costPerMillion, group: quadrants.get(point.label)! })),
        xLabel: 'tokens (classified sample)',
        yLabel: 'USD per 1M tokens',
        logX: true,
        logY: true,
        splitX: { value: usageLine, name: 'geometric mean of usage' },
        splitY: { value: medianCost, name: 'median cost' },
        quadrants: { topLeft: 'specialists (high cost, low use)', topRight: 'premium (high cost, high use)', bottomLeft: 'niche utilities', bottomRight: 'mass market (low cost, high use)' },
      },
    ],
    tables: [
      {
        name: 'category_cost_usage',
        columns: ['category', 'tokens_in_sample', 'usd_per_million_tokens', 'quadrant'],
        rows: shown.map((point) => [point.label, point.tokens, point.costPerMillion, quadrants.get(point.label)!]),
      },
    ],
    headlines: [
      { key: 'category_median_cost', label: 'Median effective cost across categories (USD per 1M tokens)', value: shown.length > 0 ? medianCost : null, format: 'usd', study: '≈ $0.73' },
      { key: 'category_top_cost', label: 'Most expensive category', value: byCost[0]?.label ?? null, format: 'text', study: 'technology' },
      { key: 'category_quadrant_premium', label: 'Premium (high cost, high use)', value: members('premium'), format: 'text', study: 'technology, science' },
      { key: 'category_quadrant_mass_market', label: 'Mass market (low cost, high use)', value: members('mass market'), format: 'text', study: 'programming, roleplay' },
      { key: 'category_quadrant_specialist', label: 'Specialists (high cost, low use)', value: members('specialist'), format: 'text', study: 'finance, academia, health, marketing' },
      { key: 'category_quadrant_niche', label: 'Niche utilities (low cost, low use)', value: members('niche'), format: 'text', study: 'translation, legal, trivia' },
    ],
    sample,
    notes: [`Category costs rest on ${sample.classifiedRequests} classified requests.`],
  };
});

/** Models the study names in Table 3 with their effective cost (USD per 1M tokens). */
export const studyModelCosts: Record<string, number> = {
  'google/gemini-2.0-flash-001': 0.147,
  'deepseek/deepseek-chat-v3-0324': 0.394,
  'anthropic/claude-3.7-sonnet': 1.963,
  'anthropic/claude-sonnet-4': 1.937,
  'qwen/qwen-2-7b-instruct': 0.052,
  'ibm-granite/granite-4.0-h-micro': 0.036,
  'openai/gpt-4': 34.07,
  'openai/gpt-5-pro': 34.97,
};

/** A16 — Effective cost vs usage by model, with the price elasticity of usage (Fig 27, 28; Table 3). */
export const costVersusUsageByModel = defineAnalysis({ id: 'A16', title: 'Cost vs usage by model', reference: 'Fig 27, Fig 28, Table 3' }, async ({ store, period }) => {
  const all = await costPoints(store, period, 'model');
  const total = all.reduce((sum, point) => sum + point.tokens, 0);
  // Models with a negligible share (< 0.001% of tokens) are left out of the fit: their cost is noise.
  const points = all.filter((point) => point.tokens >= total * 1e-5);
  const logCost = points.map((point) => Math.log10(point.costPerMillion));
  const logUsage = points.map((point) => Math.log10(point.tokens));
  const fit = points.length >= 3 ? ordinaryLeastSquares(logCost, logUsage) : null;
  const medianCost = median(points.map((point) => point.costPerMillion));
  const medianTokens = median(points.map((point) => point.tokens));
  const segment = (point: CostPoint) => {
    const name = quadrant(point, medianCost, medianTokens);
    return name === 'premium' ? 'premium leaders' : name === 'mass market' ? 'efficient giants' : name === 'specialist' ? 'premium specialists' : 'long tail';
  };
  const cost = (model: string) => points.find((point) => point.label === model)?.costPerMillion ?? all.find((point) => point.label === model)?.costPerMillion ?? null;
  const headlines: Headline[] = [
    {
      key: 'model_price_elasticity_slope',
      label: 'OLS slope of log10 usage on log10 effective cost (elasticity)',
      value: fit?.slope ?? null,
      format: 'number',
      study: 'near flat: 10% lower price ≈ 0.5–0.7% more usage',
    },
    ...Object.entries(studyModelCosts).map(([model, study]) => ({
      key: `model_cost_${model.replace(/[^a-z0-9]+/gi, '_')}`,
      label: `${model}: effective cost per 1M tokens`,
      value: cost(model),
      format: 'usd' as const,
      study: `$${study}`,
    })),
  ];
  return {
    definition:
      'Per model: effective cost = 1e6 × USD charged ÷ tokens (prompt + completion), BYOK excluded, against total tokens, log–log, open and closed models coloured apart. The line is the ordinary-least-squares fit of log10(tokens) on log10(cost): its slope is the price elasticity of usage (−0.06 means a 10% lower price goes with ≈ 0.6% more usage). Segments split at the median cost and median usage: efficient giants (cheap, heavily used), premium leaders (expensive, heavily used), long tail (cheap, little used), premium specialists (expensive, little used). Table 3\'s "usage" column is shown as log10 of tokens. Models below 0.001% of tokens are left out.',
    figures: [
      {
        kind: 'scatter',
        title: 'Effective cost vs usage by model',
        points: points.map((point) => ({ label: point.label, x: point.costPerMillion, y: point.tokens, group: point.group })),
        xLabel: 'USD per 1M tokens',
        yLabel: 'tokens',
        logX: true,
        logY: true,
        splitX: { value: medianCost, name: 'median cost' },
        splitY: { value: medianTokens, name: 'median usage' },
        quadrants: { topLeft: 'efficient giants', topRight: 'premium leaders', bottomLeft: 'long tail', bottomRight: 'premium specialists' },
        ...(fit ? { fit: { slope: fit.slope, intercept: fit.intercept } } : {}),
      },
    ],
    tables: [
      {
        name: 'model_cost_usage',
        columns: ['model', 'open_or_closed', 'tokens', 'log10_tokens', 'usd_per_million_tokens', 'segment'],
        rows: [...points].sort((a, b) => b.tokens - a.tokens).map((point) => [point.label, point.group, point.tokens, Math.log10(point.tokens), point.costPerMillion, segment(point)]),
      },
    ],
    headlines,
    notes: fit ? [`Fit over ${fit.count} models: slope ${fit.slope.toFixed(3)} ± ${fit.slopeStandardError.toFixed(3)}, R² ${fit.rSquared.toFixed(3)}.`] : ['Too few models for a fit.'],
  };
});
