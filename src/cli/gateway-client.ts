import type { AnalysisDefinition, AnalysisOptions, AnalysisResult } from '../analytics/analyses/analysis-result.js';
import type { ReportRun } from '../analytics/report/run-report.js';
import type { ParsedArguments } from './command.js';
import { dayText, periodFromArguments } from './period-options.js';

interface AnalyticsIndex {
  data: {
    analyses: { id: string; title: string }[];
    extent: { from: string; to: string; requests: number } | null;
    store: string;
    period?: { from: string; to: string; requests: number; simulated?: boolean };
  };
}

async function getJson<T>(url: URL, key: string | undefined): Promise<T> {
  const response = await fetch(url, { headers: key ? { authorization: `Bearer ${key}` } : {} });
  const text = await response.text();
  if (!response.ok) {
    let message = text;
    try {
      message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? text;
    } catch {
      // not JSON: show the body as it is
    }
    throw new Error(`${url.pathname} answered ${response.status}: ${message}`);
  }
  return JSON.parse(text) as T;
}

/**
 * The report read from a running gateway (GET /api/v1/study/analyses/…) instead of the store, for when
 * the gateway holds the embedded store or the log lives on a ClickHouse server.
 */
export async function fetchRemoteReport(input: {
  baseUrl: string;
  key: string | undefined;
  analyses: AnalysisDefinition[];
  options: AnalysisOptions;
  parsed: ParsedArguments;
  onProgress: (event: { id: string; title: string; index: number; count: number; done: boolean; milliseconds?: number }) => void;
}): Promise<ReportRun> {
  const base = input.baseUrl.replace(/\/+$/, '');
  const started = performance.now();
  const index = await getJson<AnalyticsIndex>(new URL(`${base}/api/v1/study/analyses`), input.key);
  const extent = index.data.extent ? { from: new Date(index.data.extent.from), to: new Date(index.data.extent.to) } : null;
  const period = periodFromArguments(input.parsed, extent);
  const results: AnalysisResult[] = [];
  const timings: { id: string; milliseconds: number }[] = [];
  for (const [position, analysis] of input.analyses.entries()) {
    input.onProgress({ id: analysis.id, title: analysis.title, index: position, count: input.analyses.length, done: false });
    const url = new URL(`${base}/api/v1/study/analyses/${analysis.id}`);
    url.searchParams.set('from', dayText(period.from));
    url.searchParams.set('to', dayText(period.to));
    if (input.options.models?.length) url.searchParams.set('models', input.options.models.join(','));
    const analysisStarted = performance.now();
    const answer = await getJson<{ data: AnalysisResult; meta: { milliseconds: number } }>(url, input.key);
    results.push(answer.data);
    const milliseconds = performance.now() - analysisStarted;
    timings.push({ id: analysis.id, milliseconds });
    input.onProgress({ id: analysis.id, title: analysis.title, index: position, count: input.analyses.length, done: true, milliseconds });
  }
  const inPeriod = await getJson<AnalyticsIndex>(new URL(`${base}/api/v1/study/analyses?from=${dayText(period.from)}&to=${dayText(period.to)}`), input.key);
  return {
    period,
    records: inPeriod.data.period?.requests ?? 0,
    simulated: inPeriod.data.period?.simulated ?? false,
    store: `${index.data.store} via ${base}`,
    generatedAt: new Date(),
    milliseconds: performance.now() - started,
    analyses: results,
    timings,
  };
}
