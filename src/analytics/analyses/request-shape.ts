import { defineAnalysis } from './analysis-result.js';
import { classifiedOnly } from './category-sample.js';
import { dateKey, weeksOf } from './weekly-series.js';

/** A8 — Request shape: prompt, completion and sequence length per request, overall and by category (Fig 14–18). */
export const requestShape = defineAnalysis({ id: 'A8', title: 'Request shape: prompt and completion lengths', reference: 'Fig 14–18' }, async ({ store, period }) => {
  const weeks = weeksOf(period);
  const [weekly, byCategory, byCategoryWeekly] = await Promise.all([
    store.query({ dimensions: ['week'], measures: ['requests', 'prompt_tokens', 'completion_tokens'], period }),
    store.query({ dimensions: ['category'], measures: ['requests', 'prompt_tokens', 'completion_tokens'], filters: [classifiedOnly], period }),
    store.query({ dimensions: ['week', 'category'], measures: ['requests', 'prompt_tokens'], filters: [classifiedOnly], period }),
  ]);
  const byWeek = new Map(weekly.map((row) => [dateKey(row.week), row]));
  const mean = (selector: (row: (typeof weekly)[number]) => number) =>
    weeks.map((week) => {
      const row = byWeek.get(week);
      return row && row.requests > 0 ? selector(row) / row.requests : null;
    });
  const prompt = mean((row) => row.prompt_tokens);
  const completion = mean((row) => row.completion_tokens);
  const sequence = mean((row) => row.prompt_tokens + row.completion_tokens);
  const active = weeks.filter((week) => (byWeek.get(week)?.requests ?? 0) > 0);
  const pooledMean = (selected: string[], selector: (row: (typeof weekly)[number]) => number) => {
    const rows = selected.map((week) => byWeek.get(week)!);
    const requests = rows.reduce((sum, row) => sum + row.requests, 0);
    return requests > 0 ? rows.reduce((sum, row) => sum + selector(row), 0) / requests : null;
  };
  const first = active.slice(0, 4);
  const last = active.slice(-4);
  const classifiedRequests = byCategory.reduce((sum, row) => sum + row.requests, 0);
  const classifiedPrompt = byCategory.reduce((sum, row) => sum + row.prompt_tokens, 0);
  const programming = byCategory.find((row) => row.category === 'programming');
  const programmingMean = programming && programming.requests > 0 ? programming.prompt_tokens / programming.requests : null;
  const overallMean = classifiedRequests > 0 ? classifiedPrompt / classifiedRequests : null;
  const programmingWeekly = weeks.map((week) => {
    const row = byCategoryWeekly.find((item) => dateKey(item.week) === week && item.category === 'programming');
    return row && row.requests > 0 ? row.prompt_tokens / row.requests : null;
  });
  const classifiedWeekly = weeks.map((week) => {
    const rows = byCategoryWeekly.filter((item) => dateKey(item.week) === week);
    const requests = rows.reduce((sum, row) => sum + row.requests, 0);
    return requests > 0 ? rows.reduce((sum, row) => sum + row.prompt_tokens, 0) / requests : null;
  });
  return {
    definition:
      'Per request: mean prompt tokens, mean completion tokens (reasoning included) and mean sequence length (prompt + completion), by week. By category: mean prompt tokens of classified requests; "programming vs all" compares the mean prompt of programming requests with the mean over all classified requests.',
    figures: [
      {
        kind: 'lines',
        title: 'Mean prompt tokens per request',
        x: weeks,
        series: [
          { name: 'all requests', values: prompt },
          { name: 'programming (classified)', values: programmingWeekly },
          { name: 'all classified', values: classifiedWeekly },
        ],
        yFormat: 'tokens',
      },
      { kind: 'lines', title: 'Mean completion tokens per request', x: weeks, series: [{ name: 'completion', values: completion }], yFormat: 'tokens' },
      { kind: 'lines', title: 'Mean sequence length (prompt + completion)', x: weeks, series: [{ name: 'sequence', values: sequence }], yFormat: 'tokens' },
      {
        kind: 'bars',
        title: 'Mean prompt tokens by category',
        bars: byCategory
          .filter((row) => row.requests > 0)
          .map((row) => ({ label: row.category ?? 'other', value: row.prompt_tokens / row.requests }))
          .sort((a, b) => b.value - a.value),
        format: 'tokens',
      },
    ],
    tables: [
      {
        name: 'weekly_request_shape',
        columns: ['week', 'requests', 'mean_prompt_tokens', 'mean_completion_tokens', 'mean_sequence_tokens'],
        rows: weeks.map((week, position) => [week, byWeek.get(week)?.requests ?? 0, prompt[position]!, completion[position]!, sequence[position]!]),
      },
      {
        name: 'request_shape_by_category',
        columns: ['category', 'requests', 'mean_prompt_tokens', 'mean_completion_tokens'],
        rows: byCategory.map((row) => [row.category, row.requests, row.requests > 0 ? row.prompt_tokens / row.requests : null, row.requests > 0 ? row.completion_tokens / row.requests : null]),
      },
    ],
    headlines: [
      { key: 'prompt_mean_first_weeks', label: 'Mean prompt tokens, first 4 weeks', value: pooledMean(first, (row) => row.prompt_tokens), format: 'tokens', study: '≈ 1.5K' },
      { key: 'prompt_mean_last_weeks', label: 'Mean prompt tokens, last 4 weeks', value: pooledMean(last, (row) => row.prompt_tokens), format: 'tokens', study: '> 6K' },
      { key: 'completion_mean_first_weeks', label: 'Mean completion tokens, first 4 weeks', value: pooledMean(first, (row) => row.completion_tokens), format: 'tokens', study: '≈ 150' },
      { key: 'completion_mean_last_weeks', label: 'Mean completion tokens, last 4 weeks', value: pooledMean(last, (row) => row.completion_tokens), format: 'tokens', study: '≈ 400' },
      { key: 'sequence_mean_last_weeks', label: 'Mean sequence length, last 4 weeks', value: pooledMean(last, (row) => row.prompt_tokens + row.completion_tokens), format: 'tokens', study: '> 5,400' },
      {
        key: 'programming_prompt_ratio',
        label: 'Programming prompt length ÷ mean over all classified requests',
        value: programmingMean !== null && overallMean ? programmingMean / overallMean : null,
        format: 'number',
        study: '3–4×',
      },
    ],
    notes: [],
  };
});
