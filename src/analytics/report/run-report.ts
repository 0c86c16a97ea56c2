import type { AnalysisDefinition, AnalysisOptions, AnalysisResult } from '../analyses/analysis-result.js';
import type { AnalyticsStore } from '../analytics-store.js';
import type { Period } from '../semantic/compile-query.js';
import { logHoldsSimulatedRecords } from './simulated-log.js';

export interface ReportRun {
  period: Period;
  records: number;
  store: string;
  generatedAt: Date;
  milliseconds: number;
  analyses: AnalysisResult[];
  /** The period holds simulated records: figures that only echo the simulator's inputs are marked. */
  simulated: boolean;
  /** Time each analysis took. */
  timings: { id: string; milliseconds: number }[];
}

export interface RunReportOptions {
  store: AnalyticsStore;
  storeDescription: string;
  period: Period;
  analyses: readonly AnalysisDefinition[];
  options?: AnalysisOptions;
  /** Called before and after each analysis (for progress output). */
  onProgress?: (event: { id: string; title: string; index: number; count: number; done: boolean; milliseconds?: number }) => void;
}

/** Runs the analyses one after another over the period, timing each. */
export async function runReport(input: RunReportOptions): Promise<ReportRun> {
  const started = performance.now();
  const [[{ requests } = { requests: 0 }], simulated] = await Promise.all([
    input.store.query({ dimensions: [], measures: ['requests'], period: input.period }),
    logHoldsSimulatedRecords(input.store, input.period),
  ]);
  const analyses: AnalysisResult[] = [];
  const timings: { id: string; milliseconds: number }[] = [];
  for (const [index, analysis] of input.analyses.entries()) {
    input.onProgress?.({ id: analysis.id, title: analysis.title, index, count: input.analyses.length, done: false });
    const analysisStarted = performance.now();
    analyses.push(await analysis.run({ store: input.store, period: input.period, options: input.options ?? {} }));
    const milliseconds = performance.now() - analysisStarted;
    timings.push({ id: analysis.id, milliseconds });
    input.onProgress?.({ id: analysis.id, title: analysis.title, index, count: input.analyses.length, done: true, milliseconds });
  }
  return { period: input.period, records: requests, simulated, store: input.storeDescription, generatedAt: new Date(), milliseconds: performance.now() - started, analyses, timings };
}
