import type { AnalyticsStore } from '../analytics-store.js';
import type { CategoryBucket } from '../../catalog/category-buckets.js';
import type { Filter, Period } from '../semantic/compile-query.js';
import { weightedShareInterval, type ShareInterval } from '../statistics/weighted-share-interval.js';
import type { Figure, Headline, SampleInfo } from './analysis-result.js';

export interface CategoryShares {
  /** Classified requests behind the shares. */
  sampleRequests: number;
  /** All requests in the same scope (classified or not). */
  scopeRequests: number;
  shares: Map<string, ShareInterval & { tokens: number; requests: number }>;
}

/**
 * Token-weighted category shares over the classified sample of requests matching `filters`, each
 * with its 95% confidence interval (see statistics/weighted-share-interval.ts).
 */
export async function categoryShares(store: AnalyticsStore, period: Period, filters: Filter[] = []): Promise<CategoryShares> {
  const [rows, scope] = await Promise.all([
    store.query({
      dimensions: ['category'],
      measures: ['requests', 'tokens', 'squared_tokens'],
      filters: [...filters, { dimension: 'category_path', operator: 'is not null' }],
      period,
    }),
    store.query({ dimensions: [], measures: ['requests'], filters, period }),
  ]);
  const n = rows.reduce((sum, row) => sum + row.requests, 0);
  const w1 = rows.reduce((sum, row) => sum + row.tokens, 0);
  const w2 = rows.reduce((sum, row) => sum + row.squared_tokens, 0);
  const shares = new Map<string, ShareInterval & { tokens: number; requests: number }>();
  for (const row of [...rows].sort((a, b) => b.tokens - a.tokens)) {
    shares.set(row.category ?? 'other', { ...weightedShareInterval({ n, w1, w2, w1k: row.tokens, w2k: row.squared_tokens }), tokens: row.tokens, requests: row.requests });
  }
  return { sampleRequests: n, scopeRequests: scope[0]?.requests ?? 0, shares };
}

/** A share estimated from the classified sample, with the sample it rests on. */
export type SampledShare = ShareInterval & { sample: { classified: number; of: number } };

/** The share of one or more categories, with an interval (intervals of a sum are taken as the sum of bounds, a conservative bound). */
export function combinedShare(result: CategoryShares, categories: readonly CategoryBucket[]): SampledShare {
  let share = 0;
  let low = 0;
  let high = 0;
  for (const category of categories) {
    const entry = result.shares.get(category);
    if (!entry) continue;
    share += entry.share;
    low += entry.low;
    high += entry.high;
  }
  return { share, low: Math.max(0, low), high: Math.min(1, high), sample: { classified: result.sampleRequests, of: result.scopeRequests } };
}

/** What a category figure says when nothing in its scope was classified (never a 0% with a zero-width interval). */
export function noClassifiedRequests(of: number): string {
  return `no classified requests (0 of ${of})`;
}

/** A share headline: the share, its 95% interval and its sample; no value when the sample is empty. */
export function shareHeadline(key: string, label: string, interval: SampledShare, study?: string): Headline {
  const base = { key, label, format: 'percent' as const, sample: interval.sample, ...(study ? { study } : {}) };
  if (interval.sample.classified === 0) return { ...base, value: null, missing: noClassifiedRequests(interval.sample.of) };
  return { ...base, value: interval.share, interval: { low: interval.low, high: interval.high } };
}

/** How many requests in the period were classified, for the report's sample-size line. */
export async function sampleInfo(store: AnalyticsStore, period: Period): Promise<SampleInfo> {
  const [all, classified] = await Promise.all([
    store.query({ dimensions: [], measures: ['requests'], period }),
    store.query({ dimensions: [], measures: ['requests'], filters: [{ dimension: 'category_path', operator: 'is not null' }], period }),
  ]);
  return { totalRequests: all[0]?.requests ?? 0, classifiedRequests: classified[0]?.requests ?? 0 };
}

export const classifiedOnly: Filter = { dimension: 'category_path', operator: 'is not null' };

/** The shares as a bar chart with each bar's 95% interval, its title naming the sample it rests on. */
export function shareBars(title: string, result: CategoryShares): Figure {
  return {
    kind: 'bars',
    title:
      result.sampleRequests === 0 ? `${title}: ${noClassifiedRequests(result.scopeRequests)}` : `${title} (95% intervals; n = ${result.sampleRequests} classified of ${result.scopeRequests} requests)`,
    bars: [...result.shares.entries()].map(([category, entry]) => ({ label: category, value: entry.share, low: entry.low, high: entry.high })),
    format: 'percent',
  };
}
