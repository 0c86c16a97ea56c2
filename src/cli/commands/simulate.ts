import { resolve } from 'node:path';
import { AnalyticsStore } from '../../analytics/analytics-store.js';
import { ModelCatalog } from '../../catalog/model-catalog.js';
import { generateStudyWorkload } from '../../simulation/workload/generate-study-workload.js';
import { GatewayWorkloadSender } from '../../simulation/workload/send-workload-through-gateway.js';
import { writeStudyWorkload } from '../../simulation/workload/write-study-workload.js';
import type { Command, OptionSpec, ParsedArguments } from '../command.js';
import { configFromArguments, configOptions } from '../cli-context.js';
import { withGenerationStore } from '../generation-store-context.js';
import { formatCount, formatDuration, ProgressLine } from '../progress-line.js';

export const workloadOptions: Record<string, OptionSpec> = {
  records: { type: 'string', short: 'n', description: 'generation records to produce (default 1,000,000)', value: 'count' },
  seed: { type: 'string', description: 'random seed (default 2025): the same seed gives the same year', value: 'number' },
  'classification-rate': {
    type: 'string',
    description: 'share of prompts with a category label (default 0.05; the study sampled 0.0025)',
    value: 'share',
  },
};

export interface WorkloadArguments {
  records: number;
  seed: number;
  classificationRate: number;
}

function positiveNumber(text: string, option: string, integer: boolean): number {
  const value = Number(text.replaceAll('_', '').replaceAll(',', ''));
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) throw new Error(`--${option} must be a positive ${integer ? 'integer' : 'number'}, got "${text}"`);
  return value;
}

export function workloadArguments(parsed: ParsedArguments, defaultRecords = 1_000_000): WorkloadArguments {
  const { values } = parsed;
  const records = typeof values.records === 'string' ? positiveNumber(values.records, 'records', true) : defaultRecords;
  const seed = typeof values.seed === 'string' ? Number(values.seed) : 2025;
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got "${values.seed}"`);
  const classificationRate = typeof values['classification-rate'] === 'string' ? positiveNumber(values['classification-rate'], 'classification-rate', false) : 0.05;
  if (classificationRate > 1) throw new Error('--classification-rate is a share between 0 and 1');
  return { records, seed, classificationRate };
}

/** Writes the calibrated year straight into the store of `dataDirectory`, with progress; returns what it wrote. */
export async function generateIntoStore(parsed: ParsedArguments, dataDirectory: string, workload: WorkloadArguments, quiet = false): Promise<void> {
  const config = configFromArguments(parsed, { data_dir: dataDirectory });
  const progress = new ProgressLine();
  await withGenerationStore(config, async ({ store, client, description }) => {
    const existing = (await new AnalyticsStore(client).extent())?.requests ?? 0;
    if (!quiet) {
      process.stderr.write(`generating ${formatCount(workload.records)} records (seed ${workload.seed}) into ${description}\n`);
      if (existing > 0) process.stderr.write(`  the store already holds ${formatCount(existing)} records; the new ones are added (the same seed and size twice adds nothing)\n`);
    }
    const result = await writeStudyWorkload(store, ModelCatalog.load(), workload, (done, total) => {
      if (!quiet) progress.update(`  ${formatCount(done)} / ${formatCount(total)} records (${Math.round((done / total) * 100)}%)`);
    });
    const perMinute = (result.records / result.milliseconds) * 60_000;
    if (!quiet) {
      progress.done(
        `wrote ${formatCount(result.records)} records (${formatCount(result.accounts)} accounts, ${result.models} models, ${result.from} – ${result.to}) ` +
          `in ${formatDuration(result.milliseconds)}: ${formatCount(Math.round(perMinute))} records per minute`,
      );
    }
  });
}

export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'Generate a calibrated year of platform traffic (the study’s workload) as generation records',
  details:
    'Straight into a store (default: <data-dir>/simulation, never the gateway’s own store unless\n' +
    'named with --data-dir), or as real requests through a running gateway to its simulator provider\n' +
    '(--through-gateway; the gateway needs simulation.trust_headers: true). Seeded and reproducible.\n' +
    'Then: switchboard report --data-dir <the same directory>',
  options: {
    ...configOptions,
    ...workloadOptions,
    'through-gateway': { type: 'string', description: 'send real requests to this gateway instead of writing records', value: 'url' },
    key: { type: 'string', description: 'API key for --through-gateway (default: $SWITCHBOARD_API_KEY or anonymous local)', value: 'key' },
    concurrency: { type: 'string', description: 'requests in flight with --through-gateway (default 16)', value: 'count' },
  },
  run: async (parsed) => {
    const workload = workloadArguments(parsed);
    const config = configFromArguments(parsed);
    const gateway = parsed.values['through-gateway'];
    if (typeof gateway !== 'string') {
      const dataDirectory = typeof parsed.values['data-dir'] === 'string' ? parsed.values['data-dir'] : resolve(config.data_dir, 'simulation');
      await generateIntoStore(parsed, dataDirectory, workload);
      process.stdout.write(`next: switchboard report --data-dir ${dataDirectory}\n`);
      return 0;
    }
    const concurrency = typeof parsed.values.concurrency === 'string' ? positiveNumber(parsed.values.concurrency, 'concurrency', true) : 16;
    const key = typeof parsed.values.key === 'string' ? parsed.values.key : process.env.SWITCHBOARD_API_KEY;
    const sender = new GatewayWorkloadSender({ gateway, concurrency, ...(key ? { key } : {}) });
    const progress = new ProgressLine();
    const started = performance.now();
    await generateStudyWorkload(
      { ...workload, batchSize: 2_000 },
      ModelCatalog.load(),
      async (records) => void (await sender.sendBatch(records)),
      (done, total) => progress.update(`  ${formatCount(done)} / ${formatCount(total)} requests sent`),
    );
    const summary = sender.result();
    progress.done(
      `sent ${formatCount(summary.sent)} requests to ${gateway} in ${formatDuration(performance.now() - started)}: ${formatCount(summary.succeeded)} answered, ${formatCount(summary.failed.length)} failed`,
    );
    const skipped = Object.entries(summary.skipped).sort((a, b) => b[1] - a[1]);
    if (skipped.length > 0) {
      process.stderr.write(
        `skipped ${formatCount(skipped.reduce((sum, [, count]) => sum + count, 0))} records of models the gateway does not serve: ${skipped
          .slice(0, 6)
          .map(([model, count]) => `${model} (${count})`)
          .join(', ')}\n`,
      );
    }
    for (const failure of summary.failed.slice(0, 5)) process.stderr.write(`  ${failure.id}: ${failure.status} ${failure.message}\n`);
    return summary.failed.length === 0 ? 0 : 1;
  },
};
