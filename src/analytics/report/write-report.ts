import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderHtmlReport } from './render-html-report.js';
import { renderMarkdownSummary } from './render-markdown-summary.js';
import type { ReportRun } from './run-report.js';
import { tableToCsv } from './write-table-csv.js';

export interface WrittenReport {
  html: string;
  markdown: string;
  json: string;
  tables: string[];
}

/** Writes report.html, summary.md, results.json and one CSV per table into `directory`. */
export async function writeReport(run: ReportRun, directory: string): Promise<WrittenReport> {
  // The tables of this run only: a previous report's CSVs in the same folder would pass for this one's.
  await rm(join(directory, 'tables'), { recursive: true, force: true });
  await mkdir(join(directory, 'tables'), { recursive: true });
  const tableFiles = new Map<string, string>();
  const tables: string[] = [];
  for (const result of run.analyses) {
    for (const table of result.tables) {
      const relative = `tables/${result.id}-${table.name}.csv`;
      await writeFile(join(directory, relative), tableToCsv(table));
      tableFiles.set(`${result.id}/${table.name}`, relative);
      tables.push(join(directory, relative));
    }
  }
  const html = join(directory, 'report.html');
  const markdown = join(directory, 'summary.md');
  const json = join(directory, 'results.json');
  await writeFile(html, renderHtmlReport(run, tableFiles));
  await writeFile(markdown, renderMarkdownSummary(run));
  await writeFile(json, `${JSON.stringify(run, null, 1)}\n`);
  return { html, markdown, json, tables };
}
