import { formatHeadlineIn, formatTolerance, toleranceSummary } from './format-headline.js';
import type { ReportRun } from './run-report.js';

/** The headline numbers of every analysis, next to the study's, as Markdown. */
export function renderMarkdownSummary(run: ReportRun): string {
  const lines = [
    '# The State of AI study over this generation log',
    '',
    `Period ${run.period.from.toISOString().slice(0, 10)} to ${new Date(run.period.to.getTime() - 1).toISOString().slice(0, 10)}; ${run.records} generation records; computed in ${(run.milliseconds / 1000).toFixed(2)} s.`,
    '',
  ];
  const summary = toleranceSummary(run.analyses);
  if (summary.total > 0) {
    lines.push(`Figures within the tolerance at which they are taken as the study's: ${summary.within} of ${summary.total}.`);
    for (const { id, headline } of summary.outside) lines.push(`- outside: ${id} ${headline.label}`);
    lines.push('');
  }
  for (const result of run.analyses) {
    lines.push(`## ${result.id} — ${result.title} (${result.reference})`, '', `Definition: ${result.definition}`, '');
    if (result.sample) lines.push(`Sample: ${result.sample.classifiedRequests} classified requests of ${result.sample.totalRequests}.`, '');
    if (result.headlines.length > 0) {
      const cell = (text: string) => text.replace(/\|/g, '\\|');
      lines.push("| figure | this log | the study | accepted as the study's |", '|---|---|---|---|');
      for (const headline of result.headlines)
        lines.push(`| ${cell(headline.label)} | ${cell(formatHeadlineIn(headline, run.simulated))} | ${cell(headline.study ?? '')} | ${cell(formatTolerance(headline))} |`);
      lines.push('');
    }
    for (const note of result.notes) lines.push(`- ${note}`);
    if (result.notes.length > 0) lines.push('');
  }
  return `${lines.join('\n')}\n`;
}
