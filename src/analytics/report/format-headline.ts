import type { AnalysisResult, Headline } from '../analyses/analysis-result.js';
import { describeTolerance } from '../analyses/study-tolerances.js';
import { formatValue } from './svg/chart-canvas.js';

/** A headline's value as the report prints it (with its 95% interval when it has one). */
export function formatHeadline(headline: Headline): string {
  if (headline.value === null || headline.value === undefined) return headline.missing ?? 'n/a';
  if (typeof headline.value === 'string') return headline.value;
  if (headline.format === 'text') return String(headline.value);
  const value = headline.format === 'number' ? Number(headline.value.toPrecision(3)).toString() : formatValue(headline.value, headline.format);
  const sample = headline.sample ? `n = ${headline.sample.classified} of ${headline.sample.of}` : null;
  if (!headline.interval) return sample ? `${value} (${sample})` : value;
  return `${value} (95% CI ${formatValue(headline.interval.low, headline.format as 'percent')}–${formatValue(headline.interval.high, headline.format as 'percent')}${sample ? `; ${sample}` : ''})`;
}

/** The mark beside a figure that a simulated workload only echoes (shown when the log is simulated). */
export const simulatorInputMark = 'an input of the simulated workload, not a finding';

/** The headline's value with the simulated-input mark when the log is simulated and the figure only echoes it. */
export function formatHeadlineIn(headline: Headline, simulated: boolean): string {
  const value = formatHeadline(headline);
  return simulated && headline.simulatorInput ? `${value} (${simulatorInputMark})` : value;
}

/** The headline's tolerance and whether its value is within it ("66% – 78%: within"), or '' without one. */
export function formatTolerance(headline: Headline): string {
  if (!headline.tolerance) return '';
  const format = headline.format === 'percent' || headline.format === 'usd' ? headline.format : headline.format === 'number' || headline.format === 'count' ? 'number' : 'other';
  const verdict = headline.withinTolerance === null || headline.withinTolerance === undefined ? 'no value' : headline.withinTolerance ? 'within' : 'outside';
  return `${describeTolerance(headline.tolerance, format)}: ${verdict}`;
}

/** How many of the run's headlines with a study tolerance are within it, and which are not. */
export function toleranceSummary(results: readonly AnalysisResult[]): { within: number; total: number; outside: { id: string; headline: Headline }[] } {
  let within = 0;
  let total = 0;
  const outside: { id: string; headline: Headline }[] = [];
  for (const result of results) {
    for (const headline of result.headlines) {
      if (!headline.tolerance) continue;
      total++;
      if (headline.withinTolerance) within++;
      else outside.push({ id: result.id, headline });
    }
  }
  return { within, total, outside };
}
