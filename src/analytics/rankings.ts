import type { AnalyticsStore } from './analytics-store.js';
import type { DimensionName } from './semantic/generations-view.js';
import type { Filter, Period } from './semantic/compile-query.js';
import { dateKey } from './analyses/weekly-series.js';

const dayMs = 86_400_000;

/** Only one account's traffic, when a dataset is scoped to its caller's account. */
function accountFilter(accountId: string | undefined): Filter[] {
  return accountId === undefined ? [] : [{ dimension: 'account', operator: '=', value: accountId }];
}

export interface RankingEntry {
  key: string;
  tokens: number;
  requests: number;
  share: number;
  previousTokens: number;
  /** Relative change against the previous period of the same length (null when it had no traffic). */
  change: number | null;
}

/** Top `limit` values of a dimension by tokens in `period`, with market share and change against the period before. */
export async function rank(store: AnalyticsStore, dimension: 'model' | 'author' | 'app_name', period: Period, limit = 20): Promise<RankingEntry[]> {
  const length = period.to.getTime() - period.from.getTime();
  const previous = { from: new Date(period.from.getTime() - length), to: period.from };
  const filters = dimension === 'app_name' ? [{ dimension: 'app_id' as DimensionName, operator: 'is not null' as const }] : [];
  const [now, before] = await Promise.all([
    store.query({ dimensions: [dimension], measures: ['tokens', 'requests'], filters, period, orderBy: [{ column: 'tokens', descending: true }] }),
    store.query({ dimensions: [dimension], measures: ['tokens'], filters, period: previous }),
  ]);
  const total = now.reduce((sum, row) => sum + row.tokens, 0);
  const earlier = new Map(before.map((row) => [row[dimension] ?? '', row.tokens]));
  return now.slice(0, limit).map((row) => {
    const previousTokens = earlier.get(row[dimension] ?? '') ?? 0;
    return {
      key: row[dimension] ?? 'unknown',
      tokens: row.tokens,
      requests: row.requests,
      share: total > 0 ? row.tokens / total : 0,
      previousTokens,
      change: previousTokens > 0 ? row.tokens / previousTokens - 1 : null,
    };
  });
}

export interface RankingsDailyResponse {
  data: { date: string; model_permaslug: string; total_tokens: string }[];
  meta: { as_of: string; start_date: string; end_date: string; version: 'v1' };
}

export interface RankingsDailyOptions {
  startDate: string;
  endDate: string;
  /** Bucket: each UTC day, week (from Monday) or month. */
  period?: 'day' | 'week' | 'month';
  /** Only requests whose sampled prompt fell in this study category (e.g. programming). */
  category?: string;
  /** Only this account's requests (observatory.datasets_scope: account). */
  accountId?: string;
}

/**
 * OpenRouter's /api/v1/datasets/rankings-daily: per UTC day (or week, month) the top 50 models by
 * prompt + completion tokens, then one `other` row summing the rest; dates ascending, tokens
 * descending, ties by permaslug; token totals as decimal strings.
 */
export async function rankingsDaily(store: AnalyticsStore, options: RankingsDailyOptions, now: Date = new Date()): Promise<RankingsDailyResponse> {
  const period = { from: new Date(`${options.startDate}T00:00:00Z`), to: new Date(Date.parse(`${options.endDate}T00:00:00Z`) + dayMs) };
  const bucket = options.period ?? 'day';
  const filters: Filter[] = [...accountFilter(options.accountId)];
  if (options.category) filters.push({ dimension: 'category', operator: '=', value: options.category });
  const rows = await store.query({ dimensions: [bucket, 'model_permaslug'], measures: ['tokens'], filters, period });
  const byDate = new Map<string, { slug: string; tokens: number }[]>();
  for (const row of rows) {
    const date = dateKey(row[bucket]);
    const list = byDate.get(date) ?? [];
    list.push({ slug: row.model_permaslug ?? 'unknown', tokens: row.tokens });
    byDate.set(date, list);
  }
  const data: RankingsDailyResponse['data'] = [];
  for (const date of [...byDate.keys()].sort()) {
    const list = byDate.get(date)!.sort((a, b) => b.tokens - a.tokens || a.slug.localeCompare(b.slug));
    for (const entry of list.slice(0, 50)) data.push({ date, model_permaslug: entry.slug, total_tokens: String(entry.tokens) });
    const rest = list.slice(50).reduce((sum, entry) => sum + entry.tokens, 0);
    if (list.length > 50) data.push({ date, model_permaslug: 'other', total_tokens: String(rest) });
  }
  return { data, meta: { as_of: now.toISOString(), start_date: options.startDate, end_date: options.endDate, version: 'v1' } };
}

export interface AppRankingsResponse {
  data: { app_id: number; app_name: string; rank: number; total_requests: number; total_tokens: string }[];
  meta: RankingsDailyResponse['meta'];
}

/**
 * OpenRouter's /api/v1/datasets/app-rankings: apps (attributed by HTTP-Referer / X-Title) ranked by
 * tokens in the window (`popular`) or by excess growth over the mean of the three preceding
 * windows of equal length (`trending`, apps without growth omitted).
 */
export async function appRankings(
  store: AnalyticsStore,
  options: { startDate: string; endDate: string; sort: 'popular' | 'trending'; limit: number; category?: string; accountId?: string },
  now: Date = new Date(),
): Promise<AppRankingsResponse> {
  const from = Date.parse(`${options.startDate}T00:00:00Z`);
  const to = Date.parse(`${options.endDate}T00:00:00Z`) + dayMs;
  const length = to - from;
  const attributed: Filter[] = [{ dimension: 'app_id', operator: 'is not null' }, ...accountFilter(options.accountId)];
  if (options.category) attributed.push({ dimension: 'category', operator: '=', value: options.category });
  const window = await store.query({ dimensions: ['app_id', 'app_name'], measures: ['tokens', 'requests'], filters: attributed, period: { from: new Date(from), to: new Date(to) } });
  let ranked = window.map((row) => ({ appId: Number(row.app_id), appName: row.app_name ?? '', tokens: row.tokens, requests: row.requests, score: row.tokens }));
  if (options.sort === 'trending') {
    const before = await store.query({ dimensions: ['app_id'], measures: ['tokens'], filters: attributed, period: { from: new Date(from - 3 * length), to: new Date(from) } });
    const baseline = new Map(before.map((row) => [Number(row.app_id), row.tokens / 3]));
    ranked = ranked.map((app) => ({ ...app, score: app.tokens - (baseline.get(app.appId) ?? 0) })).filter((app) => app.score > 0);
  }
  ranked.sort((a, b) => b.score - a.score || a.appName.localeCompare(b.appName));
  return {
    data: ranked.slice(0, options.limit).map((app, index) => ({ app_id: app.appId, app_name: app.appName, rank: index + 1, total_requests: app.requests, total_tokens: String(app.tokens) })),
    meta: { as_of: now.toISOString(), start_date: options.startDate, end_date: options.endDate, version: 'v1' },
  };
}
