import { resolve } from 'node:path';
import { analyses, findAnalysis } from '../../analytics/analyses/analysis-registry.js';
import type { AnalysisDefinition, AnalysisOptions } from '../../analytics/analyses/analysis-result.js';
import { AnalyticsStore } from '../../analytics/analytics-store.js';
import { formatHeadline, formatTolerance, toleranceSummary } from '../../analytics/report/format-headline.js';
import { runReport, type ReportRun } from '../../analytics/report/run-report.js';
import { writeReport, type WrittenReport } from '../../analytics/report/write-report.js';
import type { SwitchboardConfig } from '../../config/config-schema.js';
import type { Command, ParsedArguments } from '../command.js';
import { configFromArguments, configOptions } from '../cli-context.js';
import { withGenerationStore } from '../generation-store-context.js';
import { fetchRemoteReport } from '../gateway-client.js';
import { dayText, periodFromArguments, periodOptions } from '../period-options.js';
import { formatCount, formatDuration, ProgressLine } from '../progress-line.js';

function selectedAnalyses(positionals: string[]): AnalysisDefinition[] {
  if (positionals.length === 0) return [...analyses];
  return positionals.map((id) => {
    const analysis = findAnalysis(id);
    if (!analysis) throw new Error(`unknown analysis "${id}"; choose from ${analyses.map((item) => item.id).join(', ')}`);
    return analysis;
  });
}

function analysisOptions(parsed: ParsedArguments): AnalysisOptions {
  const models =
    typeof parsed.values.model === 'string'
      ? parsed.values.model
          .split(',')
          .map((model) => model.trim())
          .filter(Boolean)
      : [];
  return models.length > 0 ? { models } : {};
}

/** Prints where the report went and the headline numbers next to the study's. */
function printSummary(run: ReportRun, written: WrittenReport): void {
  const out = process.stdout;
  out.write(`\n${run.analyses.length === 1 ? run.analyses[0]!.title : 'State of AI over the generation log'}\n`);
  out.write(`period ${dayText(run.period.from)} – ${dayText(run.period.to)} (exclusive), ${formatCount(run.records)} generations, ${run.store}\n\n`);
  for (const result of run.analyses) {
    for (const headline of result.headlines.slice(0, run.analyses.length === 1 ? 50 : 3)) {
      out.write(`  ${result.id.padEnd(4)} ${headline.label}: ${formatHeadline(headline)}${headline.study ? `  (study: ${headline.study})` : ''}\n`);
    }
  }
  const summary = toleranceSummary(run.analyses);
  if (summary.total > 0) {
    out.write(`\nstudy figures within the tolerance at which they are taken as the study's: ${summary.within} of ${summary.total}\n`);
    for (const { id, headline } of summary.outside)
      out.write(`  outside: ${id} ${headline.label}: ${formatHeadline(headline)} (study: ${headline.study ?? ''}; accepted: ${formatTolerance(headline)})\n`);
  }
  out.write(`\nreport:  ${written.html}\nsummary: ${written.markdown}\nresults: ${written.json} and ${written.tables.length} CSV tables\n`);
}

export const reportCommand: Command = {
  name: 'report',
  summary: 'Run the study (analyses A1–A17) over the generation log and write an HTML report',
  arguments: '[analysis…]',
  details:
    'Writes report.html (a chart per figure, the definition and sample size beside each), summary.md\n' +
    '(headline numbers next to the study’s), results.json and a CSV per table into --out.\n' +
    'Name analyses (e.g. A1 A14) to run only those. Examples:\n' +
    '  switchboard report --from 2025-01-01 --to 2025-07-01\n' +
    '  switchboard report A14 --model deepseek/deepseek-r1,google/gemini-2.5-pro\n' +
    '  switchboard report --gateway http://127.0.0.1:8080   (while a gateway holds the store)',
  options: {
    ...configOptions,
    ...periodOptions,
    out: { type: 'string', short: 'o', description: 'directory to write into (default: switchboard-report)', value: 'dir' },
    model: { type: 'string', short: 'm', description: 'models for per-model analyses (A14), comma-separated', value: 'ids' },
    gateway: { type: 'string', description: 'read the results from a running gateway instead of the store', value: 'url' },
    key: { type: 'string', description: 'management key for --gateway (default: $SWITCHBOARD_API_KEY)', value: 'key' },
    quiet: { type: 'boolean', short: 'q', description: 'no progress output' },
  },
  run: async (parsed) => {
    const selected = selectedAnalyses(parsed.positionals);
    const options = analysisOptions(parsed);
    const out = resolve(typeof parsed.values.out === 'string' ? parsed.values.out : 'switchboard-report');
    const quiet = parsed.values.quiet === true;
    const started = performance.now();
    let run: ReportRun;
    if (typeof parsed.values.gateway === 'string') {
      const key = typeof parsed.values.key === 'string' ? parsed.values.key : process.env.SWITCHBOARD_API_KEY;
      run = await fetchRemoteReport({ baseUrl: parsed.values.gateway, key, analyses: selected, options, parsed, onProgress: progressPrinter(quiet) });
    } else {
      run = await reportFromStore(configFromArguments(parsed), parsed, selected, options, quiet);
    }
    const written = await writeReport(run, out);
    printSummary(run, written);
    process.stdout.write(`\nreport took ${formatDuration(performance.now() - started)} (analyses ${formatDuration(run.milliseconds)}) over ${formatCount(run.records)} generations\n`);
    return 0;
  },
};

type ProgressEvent = { id: string; title: string; index: number; count: number; done: boolean; milliseconds?: number };

function progressPrinter(quiet: boolean): (event: ProgressEvent) => void {
  const progress = new ProgressLine();
  return (event) => {
    if (quiet) return;
    const step = `[${event.index + 1}/${event.count}]`;
    if (event.done) progress.done(`${step} ${event.id} ${event.title} — ${formatDuration(event.milliseconds ?? 0)}`);
    else progress.update(`${step} ${event.id} ${event.title} …`);
  };
}

/** Runs analyses over the configured store for the period of --from/--to (default: all of the log). */
export async function reportFromStore(config: SwitchboardConfig, parsed: ParsedArguments, selected: AnalysisDefinition[], options: AnalysisOptions, quiet: boolean): Promise<ReportRun> {
  return withGenerationStore(config, async ({ client, description }) => {
    const store = new AnalyticsStore(client);
    const period = periodFromArguments(parsed, await store.extent());
    if (!quiet) process.stderr.write(`running ${selected.length} ${selected.length === 1 ? 'analysis' : 'analyses'} over ${dayText(period.from)} – ${dayText(period.to)} (${description})\n`);
    return runReport({ store, storeDescription: description, period, analyses: selected, options, onProgress: progressPrinter(quiet) });
  });
}

export { printSummary };
