import { defineAnalysis } from './analysis-result.js';
import { weeksOf, dateKey, weekSpan } from './weekly-series.js';

/** A6 — Share of tokens served by reasoning models, and the leading reasoning models (Fig 10, 11). */
export const reasoningShare = defineAnalysis({ id: 'A6', title: 'Reasoning models', reference: 'Fig 10, Fig 11' }, async ({ store, period }) => {
  const weeks = weeksOf(period);
  const weekly = await store.query({ dimensions: ['week'], measures: ['tokens', 'reasoning_model_tokens', 'reasoning_tokens', 'completion_tokens'], period });
  const byWeek = new Map(weekly.map((row) => [dateKey(row.week), row]));
  // The leaders "in the latest data" (Fig 11): the period's last four weeks with traffic.
  const latest = weeks.filter((week) => (byWeek.get(week)?.tokens ?? 0) > 0).slice(-4);
  const latestPeriod = latest.length > 0 ? { from: new Date(Math.max(period.from.getTime(), Date.parse(`${latest[0]}T00:00:00Z`))), to: period.to } : period;
  const leaders = await store.query({
    dimensions: ['model'],
    measures: ['reasoning_tokens', 'tokens'],
    filters: [{ dimension: 'reasoning_model', operator: '=', value: true }],
    period: latestPeriod,
    orderBy: [{ column: 'reasoning_tokens', descending: true }],
    limit: 10,
  });
  const share = weeks.map((week) => {
    const row = byWeek.get(week);
    return row && row.tokens > 0 ? row.reasoning_model_tokens / row.tokens : null;
  });
  const reasoningOfCompletion = weeks.map((week) => {
    const row = byWeek.get(week);
    return row && row.completion_tokens > 0 ? row.reasoning_tokens / row.completion_tokens : null;
  });
  const pooled = (selected: string[]) => {
    const rows = selected.map((week) => byWeek.get(week)).filter((row) => row !== undefined);
    const tokens = rows.reduce((sum, row) => sum + row.tokens, 0);
    return tokens > 0 ? rows.reduce((sum, row) => sum + row.reasoning_model_tokens, 0) / tokens : 0;
  };
  const active = weeks.filter((week) => (byWeek.get(week)?.tokens ?? 0) > 0);
  const early2025 = active.filter((week) => week >= '2025-01-01' && week < '2025-02-01');
  // The study's "early 2025" when the log covers January 2025; else this log's own first four weeks, and the label says so.
  const earlyWeeks = early2025.length > 0 ? early2025 : active.slice(0, 4);
  const span = (selected: string[]) =>
    weekSpan(
      weeks,
      selected.map((week) => weeks.indexOf(week)),
    );
  const reasoned = leaders.filter((row) => row.reasoning_tokens > 0);
  const leaderTotal = reasoned.reduce((sum, row) => sum + row.reasoning_tokens, 0);
  return {
    definition:
      "Weekly share of all tokens (prompt + completion) served by reasoning-optimized models: models that reason natively, by default or when asked (o-series, DeepSeek R1, Gemini 2.5, Grok, gpt-oss, GPT-5, Claude 3.7 and later …) — the study names GPT-5 and Claude 4.5 among the systems behind the shift (§4.1). The leading reasoning models are ranked by the reasoning they did (reasoning tokens), which is how the study's Fig 11 can lead with Grok Code Fast 1 and Gemini 2.5 while Claude, which reasons only when asked, is absent. Also shown: reasoning tokens as a share of completion tokens. Records logged by earlier releases counted only models that reason by default.",
    figures: [
      {
        kind: 'lines',
        title: 'Share of tokens served by reasoning models',
        x: weeks,
        series: [
          { name: 'reasoning-model share', values: share },
          { name: 'reasoning tokens ÷ completion tokens', values: reasoningOfCompletion },
        ],
        yFormat: 'percent',
      },
      {
        kind: 'bars',
        title: 'Top reasoning models by reasoning tokens, last 4 weeks',
        bars: reasoned.map((row) => ({ label: row.model ?? 'unknown', value: row.reasoning_tokens })),
        format: 'tokens',
      },
    ],
    tables: [
      {
        name: 'weekly_reasoning_share',
        columns: ['week', 'tokens', 'reasoning_model_tokens', 'share'],
        rows: weeks.map((week, position) => [week, byWeek.get(week)?.tokens ?? 0, byWeek.get(week)?.reasoning_model_tokens ?? 0, share[position]!]),
      },
      {
        name: 'top_reasoning_models',
        columns: ['rank', 'model', 'reasoning_tokens', 'tokens', 'share_of_top_10'],
        rows: reasoned.map((row, index) => [index + 1, row.model, row.reasoning_tokens, row.tokens, leaderTotal > 0 ? row.reasoning_tokens / leaderTotal : 0]),
      },
    ],
    headlines: [
      {
        key: 'reasoning_share_early_2025',
        label:
          early2025.length > 0
            ? 'Reasoning-model share of tokens, January 2025'
            : `Reasoning-model share of tokens, this log's first 4 weeks (${span(earlyWeeks)}; the log does not cover January 2025)`,
        value: earlyWeeks.length > 0 ? pooled(earlyWeeks) : null,
        format: 'percent',
        study: '≈ 0 in early 2025',
      },
      {
        key: 'reasoning_share_last_weeks',
        label: `Reasoning-model share of tokens, last 4 weeks (${span(active.slice(-4))})`,
        value: pooled(active.slice(-4)),
        format: 'percent',
        study: '> 50% by late 2025',
      },
      {
        key: 'top_reasoning_models',
        label: `Top 5 reasoning models by reasoning tokens, last 4 weeks (${span(latest)})`,
        value: reasoned
          .slice(0, 5)
          .map((row) => row.model)
          .join(', '),
        format: 'text',
        study: 'Grok Code Fast 1, Gemini 2.5 Pro, Gemini 2.5 Flash, Grok 4 Fast, gpt-oss-120b',
      },
    ],
    notes: [],
  };
});
