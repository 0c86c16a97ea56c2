import type { AnalyticsStore } from '../analytics-store.js';
import type { Period } from '../semantic/compile-query.js';
import { studyTolerances, type Tolerance, withinTolerance } from './study-tolerances.js';

/** A chart of the report, described as data; report/ draws it as SVG. */
export type Figure =
  | {
      kind: 'stacked-area';
      title: string;
      x: string[];
      series: { name: string; values: number[] }[];
      yFormat: 'percent' | 'tokens' | 'usd' | 'count';
      /** Vertical dashed lines, e.g. model launches. */
      markers?: { x: string; label: string }[];
    }
  | { kind: 'stacked-bars'; title: string; x: string[]; series: { name: string; values: number[] }[]; yFormat: 'percent' | 'tokens' | 'usd' | 'count' }
  | { kind: 'lines'; title: string; x: string[]; series: { name: string; values: (number | null)[] }[]; yFormat: 'percent' | 'tokens' | 'usd' | 'count'; xLabel?: string }
  | {
      kind: 'scatter';
      title: string;
      points: { label: string; x: number; y: number; group: string }[];
      xLabel: string;
      yLabel: string;
      logX: boolean;
      logY: boolean;
      /** A vertical line splitting the points (e.g. at the median of x), with what it is. */
      splitX?: { value: number; name: string };
      /** A horizontal line splitting the points, with what it is. */
      splitY?: { value: number; name: string };
      /** y = intercept + slope·x in the plotted (log10) space. */
      fit?: { slope: number; intercept: number };
      /** Names of the four quadrants the median lines make, written in their corners. */
      quadrants?: { topLeft: string; topRight: string; bottomLeft: string; bottomRight: string };
    }
  | { kind: 'bars'; title: string; bars: { label: string; value: number; low?: number; high?: number }[]; format: 'percent' | 'tokens' | 'usd' | 'count' };

export interface Table {
  name: string;
  columns: string[];
  rows: (string | number | boolean | null)[][];
}

/** A headline number of the study, computed from the log, next to the study's own figure. */
export interface Headline {
  key: string;
  label: string;
  value: number | string | null;
  format: 'percent' | 'tokens' | 'usd' | 'count' | 'number' | 'text';
  /** The study's value for comparison, as the study states it. */
  study?: string;
  /** 95% confidence interval, for figures estimated from the classified sample. */
  interval?: { low: number; high: number };
  /** For figures from the classified sample: classified requests behind it, of all requests in its scope. */
  sample?: { classified: number; of: number };
  /** Why there is no value (e.g. "no classified requests (0 of 206)"). */
  missing?: string;
  /** The figure only echoes an input of the simulated workload (shown as such in a simulated log's report). */
  simulatorInput?: boolean;
  /** How close the value must come to the study's figure to be taken as the same (study-tolerances.ts). */
  tolerance?: Tolerance;
  /** The value is within `tolerance` (null: no value). */
  withinTolerance?: boolean | null;
}

export interface SampleInfo {
  /** Requests with a category label (the classified sample) in the period. */
  classifiedRequests: number;
  /** All requests in the period. */
  totalRequests: number;
}

export interface AnalysisResult {
  id: string;
  title: string;
  /** The study's figure or table numbers. */
  reference: string;
  /** The definition used, shown beside every figure. */
  definition: string;
  figures: Figure[];
  tables: Table[];
  headlines: Headline[];
  sample?: SampleInfo;
  notes: string[];
}

export interface AnalysisOptions {
  /** Model ids for the per-model analyses (A14 retention); the largest models when omitted. */
  models?: string[];
}

export interface AnalysisContext {
  store: AnalyticsStore;
  period: Period;
  options: AnalysisOptions;
}

/** One named analysis of the study: its definition and how to compute it from the generation log. */
export interface AnalysisDefinition {
  id: string;
  title: string;
  reference: string;
  run(context: AnalysisContext): Promise<AnalysisResult>;
}

/** Declares an analysis: its name and figure numbers, and the computation that fills in the rest. */
export function defineAnalysis(
  meta: { id: string; title: string; reference: string },
  compute: (context: AnalysisContext) => Promise<Omit<AnalysisResult, 'id' | 'title' | 'reference'>>,
): AnalysisDefinition {
  return { ...meta, run: async (context) => withTolerances(markEmptySample({ ...meta, ...(await compute(context)) })) };
}

/** Each headline the study gives a figure for carries its tolerance and whether it is within it. */
function withTolerances(result: AnalysisResult): AnalysisResult {
  const tolerances = studyTolerances[result.id];
  if (!tolerances) return result;
  return {
    ...result,
    headlines: result.headlines.map((headline) => {
      const tolerance = tolerances[headline.key];
      if (!tolerance) return headline;
      return {
        ...headline,
        tolerance,
        withinTolerance: withinTolerance(headline.value, headline.label, tolerance),
        ...(tolerance.input ? { simulatorInput: true } : {}),
      };
    }),
  };
}

/**
 * An analysis of the classified sample with nothing classified in its period says so: its
 * headlines carry "no classified requests (0 of N)" instead of a value (never a measured 0% with a
 * zero-width interval), and its notes start with the same words.
 */
function markEmptySample(result: AnalysisResult): AnalysisResult {
  const sample = result.sample;
  if (!sample || sample.classifiedRequests > 0) return result;
  const missing = `no classified requests (0 of ${sample.totalRequests})`;
  return {
    ...result,
    headlines: result.headlines.map((headline) => {
      const { interval: _interval, ...rest } = headline;
      return { ...rest, value: null, missing };
    }),
    notes: [`${missing[0]!.toUpperCase()}${missing.slice(1)}: the category figures below are empty. Classification samples observatory.sample_rate of live requests.`, ...result.notes],
  };
}
