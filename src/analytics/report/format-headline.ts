import type { Headline } from '../analyses/analysis-result.js';
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
