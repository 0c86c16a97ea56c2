import { formatHeadlineIn } from './format-headline.js';
import type { ReportRun } from './run-report.js';

/** The headline numbers of every analysis, next to the study's, as Markdown. */
export function renderMarkdownSummary(run: ReportRun): string {
  const lines = [
    '# The State of AI study over this generation log',
    '',
    `Period ${run.period.from.toISOString().slice(0, 10)} to ${new Date(run.period.to.getTime() - 1).toISOString().slice(0, 10)}; ${run.records} generation records; computed in ${(run.milliseconds / 1000).toFixed(2)} s.`,
    '',
  ];
  for (const result of run.analyses) {
    lines.push(`## ${result.id} — ${result.title} (${result.reference})`, '', `Definition: ${result.definition}`, '');
    if (result.sample) lines.push(`Sample: ${result.sample.classifiedRequests} classified requests of ${result.sample.totalRequests}.`, '');
    if (result.headlines.length > 0) {
      lines.push('| figure | this log | the study |', '|---|---|---|');
      for (const headline of result.headlines)
        lines.push(`| ${headline.label.replace(/\|/g, '\\|')} | ${formatHeadlineIn(headline, run.simulated).replace(/\|/g, '\\|')} | ${(headline.study ?? '').replace(/\|/g, '\\|')} |`);
      lines.push('');
    }
    for (const note of result.notes) lines.push(`- ${note}`);
    if (result.notes.length > 0) lines.push('');
  }
  return `${lines.join('\n')}\n`;
}
