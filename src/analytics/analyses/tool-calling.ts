import { defineAnalysis } from './analysis-result.js';
import { dateKey, weeksOf } from './weekly-series.js';

/** A7 — Tool calling: share of tokens from requests that ended in tool calls, and who serves requests with tools (Fig 12, 13). */
export const toolCalling = defineAnalysis({ id: 'A7', title: 'Tool calling', reference: 'Fig 12, Fig 13' }, async ({ store, period }) => {
  const weeks = weeksOf(period);
  const [weekly, byModel] = await Promise.all([
    store.query({ dimensions: ['week'], measures: ['tokens', 'tool_call_tokens', 'tools_given_tokens'], period }),
    store.query({ dimensions: ['month', 'model'], measures: ['tools_given_tokens'], period }),
  ]);
  const byWeek = new Map(weekly.map((row) => [dateKey(row.week), row]));
  const share = weeks.map((week) => {
    const row = byWeek.get(week);
    return row && row.tokens > 0 ? row.tool_call_tokens / row.tokens : null;
  });
  const active = weeks.filter((week) => (byWeek.get(week)?.tokens ?? 0) > 0);
  const quarter = Math.max(1, Math.floor(active.length / 4));
  const pooled = (selected: string[]) => {
    const rows = selected.map((week) => byWeek.get(week)!);
    const tokens = rows.reduce((sum, row) => sum + row.tokens, 0);
    return tokens > 0 ? rows.reduce((sum, row) => sum + row.tool_call_tokens, 0) / tokens : 0;
  };
  // The week whose share rose most above the mean of the four weeks before it (a spike, not the trend).
  let spikeIndex: number | null = null;
  let spikeRise = 0;
  share.forEach((value, index) => {
    const before = share.slice(Math.max(0, index - 4), index).filter((item): item is number => item !== null);
    if (value === null || before.length < 4) return;
    const rise = value - before.reduce((sum, item) => sum + item, 0) / before.length;
    if (rise > spikeRise) {
      spikeRise = rise;
      spikeIndex = index;
    }
  });
  const months = [...new Set(byModel.map((row) => dateKey(row.month)))].sort();
  const leadersIn = (selected: string[]) => {
    const totals = new Map<string, number>();
    for (const row of byModel)
      if (selected.includes(dateKey(row.month)) && row.tools_given_tokens > 0) totals.set(row.model ?? 'unknown', (totals.get(row.model ?? 'unknown') ?? 0) + row.tools_given_tokens);
    return [...totals.entries()].sort((a, b) => b[1] - a[1]);
  };
  const earlyLeaders = leadersIn(months.slice(0, 3));
  const lateLeaders = leadersIn(months.slice(-3));
  return {
    definition:
      'Weekly share of all tokens that belong to requests whose normalised finish reason is tool_calls. Leading models: tokens of requests that were given tools (a tools list), in the first three and last three months of the period.',
    figures: [
      { kind: 'lines', title: 'Share of tokens from requests that ended in tool calls', x: weeks, series: [{ name: 'tool-call share', values: share }], yFormat: 'percent' },
      {
        kind: 'bars',
        title: `Models by tokens of requests with tools, ${months.slice(-3)[0] ?? ''} onwards`,
        bars: lateLeaders.slice(0, 10).map(([model, tokens]) => ({ label: model, value: tokens })),
        format: 'tokens',
      },
      {
        kind: 'bars',
        title: `Models by tokens of requests with tools, first three months`,
        bars: earlyLeaders.slice(0, 10).map(([model, tokens]) => ({ label: model, value: tokens })),
        format: 'tokens',
      },
    ],
    tables: [
      {
        name: 'weekly_tool_call_share',
        columns: ['week', 'tokens', 'tool_call_tokens', 'tools_given_tokens', 'share'],
        rows: weeks.map((week, position) => [week, byWeek.get(week)?.tokens ?? 0, byWeek.get(week)?.tool_call_tokens ?? 0, byWeek.get(week)?.tools_given_tokens ?? 0, share[position]!]),
      },
      {
        name: 'monthly_tools_given_tokens_by_model',
        columns: ['month', 'model', 'tools_given_tokens'],
        rows: byModel.filter((row) => row.tools_given_tokens > 0).map((row) => [dateKey(row.month), row.model, row.tools_given_tokens]),
      },
    ],
    headlines: [
      { key: 'tool_share_first_quarter', label: 'Tool-call share of tokens, first quarter of the period', value: pooled(active.slice(0, quarter)), format: 'percent', study: 'rising through 2025' },
      { key: 'tool_share_last_quarter', label: 'Tool-call share of tokens, last quarter', value: pooled(active.slice(-quarter)), format: 'percent', study: 'rising through 2025' },
      {
        key: 'tool_share_spike_week',
        label: 'Week whose tool-call share rose most above the four weeks before',
        value: spikeIndex === null ? null : weeks[spikeIndex]!,
        format: 'text',
        study: 'a May spike from one large account',
      },
      { key: 'tool_share_spike_rise', label: 'That rise, in points of share', value: spikeIndex === null ? null : spikeRise, format: 'percent' },
      {
        key: 'tool_leaders_early',
        label: 'Leading models with tools, first three months',
        value: earlyLeaders
          .slice(0, 3)
          .map(([model]) => model)
          .join(', '),
        format: 'text',
        study: 'gpt-4o-mini, Claude 3.5/3.7 Sonnet',
      },
      {
        key: 'tool_leaders_late',
        label: 'Leading models with tools, last three months',
        value: lateLeaders
          .slice(0, 3)
          .map(([model]) => model)
          .join(', '),
        format: 'text',
        study: 'Claude Sonnet 4.5, Grok Code Fast 1, GLM 4.5',
      },
    ],
    notes: [],
  };
});
