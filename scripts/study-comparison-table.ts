/**
 * Prints docs/observatory.md's comparison table from a report's results.json: every headline the
 * study gives a figure for, with the study's figure, this log's, and the tolerance at which it is
 * taken as the study's (src/analytics/analyses/study-tolerances.ts), then the count within.
 * Run: npx switchboard demo --fresh && npx tsx scripts/study-comparison-table.ts .switchboard/demo/report/results.json
 */
import { readFileSync } from 'node:fs';
import type { AnalysisResult } from '../src/analytics/analyses/analysis-result.js';
import { studyTolerances, withinTolerance } from '../src/analytics/analyses/study-tolerances.js';
import { formatHeadline, formatTolerance } from '../src/analytics/report/format-headline.js';

const path = process.argv[2];
if (!path) throw new Error('usage: study-comparison-table.ts <results.json>');
const run = JSON.parse(readFileSync(path, 'utf8')) as { records: number; analyses: AnalysisResult[] };
const cell = (text: string) => text.replace(/\|/g, '\\|');
const lines = ['| | figure | the study | this log | accepted as the study’s |', '|---|---|---|---|---|'];
let within = 0;
let total = 0;
for (const result of run.analyses) {
  for (const headline of result.headlines) {
    const tolerance = studyTolerances[result.id]?.[headline.key];
    if (!tolerance) continue;
    const checked = { ...headline, tolerance, withinTolerance: withinTolerance(headline.value, headline.label, tolerance) };
    total++;
    if (checked.withinTolerance) within++;
    const marks = `${tolerance.why ? ' ¹' : ''}${tolerance.input ? ' ²' : ''}`;
    lines.push(`| ${result.id} | ${cell(headline.label)}${marks} | ${cell(headline.study ?? '')} | ${cell(formatHeadline(headline))} | ${cell(formatTolerance(checked))} |`);
  }
}
lines.push('', `${within} of ${total} figures within their tolerance (${run.records.toLocaleString('en')} generations in the study's window).`);
console.log(lines.join('\n'));
