import { rank, type RankingEntry } from '../rankings.js';
import { defineAnalysis, type Table } from './analysis-result.js';

const dayMs = 86_400_000;

function table(name: string, entries: RankingEntry[]): Table {
  return {
    name,
    columns: ['rank', 'name', 'tokens', 'requests', 'market_share', 'previous_period_tokens', 'change'],
    rows: entries.map((entry, index) => [index + 1, entry.key, entry.tokens, entry.requests, entry.share, entry.previousTokens, entry.change]),
  };
}

/** A17 — Rankings: top models, authors and apps by tokens over the last day, week and month of the period. */
export const rankingsOverview = defineAnalysis({ id: 'A17', title: 'Rankings', reference: "OpenRouter's rankings page" }, async ({ store, period }) => {
  const windows = [
    { name: 'day', length: dayMs },
    { name: 'week', length: 7 * dayMs },
    { name: 'month', length: 30 * dayMs },
  ];
  const results = await Promise.all(
    windows.map(async (window) => {
      const span = { from: new Date(Math.max(period.from.getTime(), period.to.getTime() - window.length)), to: period.to };
      const [models, authors, apps] = await Promise.all([rank(store, 'model', span, 20), rank(store, 'author', span, 15), rank(store, 'app_name', span, 20)]);
      return { window: window.name, models, authors, apps };
    }),
  );
  const week = results.find((result) => result.window === 'week')!;
  const month = results.find((result) => result.window === 'month')!;
  return {
    definition:
      'Top models, model authors and apps (attributed by HTTP-Referer / X-Title) by tokens (prompt + completion) in the last day, week and 30 days of the period, with market share (of all tokens in that window) and change against the window before it.',
    figures: [
      { kind: 'bars', title: 'Top models, last 7 days (market share)', bars: week.models.slice(0, 15).map((entry) => ({ label: entry.key, value: entry.share })), format: 'percent' },
      { kind: 'bars', title: 'Top authors, last 30 days (market share)', bars: month.authors.slice(0, 12).map((entry) => ({ label: entry.key, value: entry.share })), format: 'percent' },
      { kind: 'bars', title: 'Top apps, last 30 days (tokens)', bars: month.apps.slice(0, 12).map((entry) => ({ label: entry.key, value: entry.tokens })), format: 'tokens' },
    ],
    tables: results.flatMap((result) => [table(`top_models_${result.window}`, result.models), table(`top_authors_${result.window}`, result.authors), table(`top_apps_${result.window}`, result.apps)]),
    headlines: [
      { key: 'top_model_week', label: 'Top model, last 7 days', value: week.models[0]?.key ?? null, format: 'text' },
      { key: 'top_model_week_share', label: 'Its market share', value: week.models[0]?.share ?? null, format: 'percent' },
      { key: 'top_author_month', label: 'Top author, last 30 days', value: month.authors[0]?.key ?? null, format: 'text' },
      { key: 'top_app_month', label: 'Top app, last 30 days', value: month.apps[0]?.key ?? null, format: 'text' },
    ],
    notes: [],
  };
});
