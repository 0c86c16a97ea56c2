import type { AnalysisResult } from '../analyses/analysis-result.js';
import { formatHeadlineIn, formatTolerance } from './format-headline.js';
import type { ReportRun } from './run-report.js';
import { escapeXml } from './svg/chart-canvas.js';
import { renderFigure } from './svg/render-figure.js';

const styles = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:0;color:#1d2433;background:#f6f7f9}
main{max-width:1040px;margin:0 auto;padding:24px}
header{margin-bottom:24px}h1{margin:0 0 4px;font-size:26px}h2{margin:0 0 4px;font-size:20px}
section{background:#fff;border:1px solid #e1e4ea;border-radius:8px;padding:20px;margin:0 0 20px}
.reference{color:#6b7385;font-size:13px;margin-bottom:8px}.definition{background:#f3f6fb;border-left:3px solid #4e79a7;padding:8px 12px;margin:8px 0 12px;font-size:13px}
.sample{font-size:13px;color:#5b6170;margin:4px 0 12px}
figure{margin:16px 0}figcaption{font-weight:600;margin-bottom:6px}
svg.chart{background:#fff;display:block}
svg .grid{stroke:#eceef2}svg .axis{stroke:#9aa1ad}svg .tick{font-size:11px;fill:#5b6170}svg .axis-title{font-size:12px;fill:#3b4252}
svg .marker{stroke:#333;stroke-dasharray:4 3}svg .marker-label{font-size:10px;fill:#333}svg .median{stroke:#999;stroke-dasharray:5 4}svg .fit{stroke:#e15759;stroke-width:2}
svg .point-label{font-size:10px;fill:#3b4252}svg .quadrant{font-size:11px;fill:#8a8f9c;font-style:italic}svg .empty{font-size:13px;fill:#5b6170}svg .interval{stroke:#222;stroke-width:1.5}
.legend{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:12px;margin-top:4px}.legend i{display:inline-block;width:10px;height:10px;margin-right:5px;border-radius:2px}
table{border-collapse:collapse;width:100%;font-size:13px;margin:8px 0}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #eceef2;vertical-align:top}th{color:#5b6170;font-weight:600}
.notes{font-size:13px;color:#5b6170}td.outside{color:#b00020}small{color:#5b6170}.tables a{margin-right:10px;font-size:13px}nav a{margin-right:10px}
`;

function headlineTable(result: AnalysisResult, simulated: boolean): string {
  if (result.headlines.length === 0) return '';
  const rows = result.headlines.map(
    (headline) =>
      `<tr><td>${escapeXml(headline.label)}</td><td><b>${escapeXml(formatHeadlineIn(headline, simulated))}</b></td><td>${escapeXml(headline.study ?? '')}</td><td${headline.withinTolerance === false ? ' class="outside"' : ''}>${escapeXml(formatTolerance(headline))}${headline.tolerance?.why ? `<br><small>${escapeXml(headline.tolerance.why)}</small>` : ''}</td></tr>`,
  );
  return `<table class="headlines"><thead><tr><th>Figure</th><th>This log</th><th>The study</th><th>Accepted as the study's</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function section(result: AnalysisResult, tableFiles: Map<string, string>, simulated: boolean): string {
  const sample = result.sample
    ? `<p class="sample">Sample: ${result.sample.classifiedRequests.toLocaleString('en')} classified requests of ${result.sample.totalRequests.toLocaleString('en')} in the period (${((result.sample.classifiedRequests / Math.max(1, result.sample.totalRequests)) * 100).toFixed(2)}%). Shares carry 95% confidence intervals for a ratio estimator over this sample.</p>`
    : '';
  const notes = result.notes.length > 0 ? `<ul class="notes">${result.notes.map((note) => `<li>${escapeXml(note)}</li>`).join('')}</ul>` : '';
  const tables = result.tables.map((table) => `<a href="${escapeXml(tableFiles.get(`${result.id}/${table.name}`) ?? '')}">${escapeXml(table.name)}.csv</a>`).join('');
  return `<section id="${result.id}" data-analysis="${result.id}">
<h2>${result.id} — ${escapeXml(result.title)}</h2>
<div class="reference">The study's ${escapeXml(result.reference)}</div>
<div class="definition"><b>Definition used.</b> ${escapeXml(result.definition)}</div>
${sample}
${result.figures.map(renderFigure).join('\n')}
${headlineTable(result, simulated)}
${notes}
<div class="tables">Tables: ${tables}</div>
</section>`;
}

/** The whole study as one self-contained HTML file: inline CSS and SVG, no scripts, no external resources. */
export function renderHtmlReport(run: ReportRun, tableFiles: Map<string, string>): string {
  const period = `${run.period.from.toISOString().slice(0, 10)} to ${new Date(run.period.to.getTime() - 1).toISOString().slice(0, 10)}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>State of AI over this log — ${escapeXml(period)}</title><style>${styles}</style></head>
<body><main>
<header><h1>The State of AI study over this generation log</h1>
<div>Period ${escapeXml(period)} · ${run.records.toLocaleString('en')} generation records · ${run.analyses.length} analyses · computed in ${(run.milliseconds / 1000).toFixed(2)} s on ${escapeXml(run.store)} · ${escapeXml(run.generatedAt.toISOString())}</div>
<nav>${run.analyses.map((result) => `<a href="#${result.id}">${result.id}</a>`).join('')}</nav></header>
${run.simulated ? '<p class="sample">This log holds simulated records: figures marked "an input of the simulated workload" only echo what the simulator was given (sub-tag weights, the language mix, the study\'s special cohorts) and are not findings.</p>' : ''}
${run.analyses.map((result) => section(result, tableFiles, run.simulated)).join('\n')}
<footer class="notes">The analyses follow "State of AI: An Empirical 100 Trillion Token Study with OpenRouter" (Aubakirova et al., 2025). Every number is computed from the generation records in this log; the study's values are printed beside them for comparison.</footer>
</main></body></html>
`;
}
