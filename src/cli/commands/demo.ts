import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyses } from '../../analytics/analyses/analysis-registry.js';
import { AnalyticsStore } from '../../analytics/analytics-store.js';
import { writeReport } from '../../analytics/report/write-report.js';
import type { Command } from '../command.js';
import { configFromArguments, configOptions } from '../cli-context.js';
import { withGenerationStore } from '../generation-store-context.js';
import { formatCount, formatDuration } from '../progress-line.js';
import { generateIntoStore, workloadArguments, workloadOptions } from './simulate.js';
import { printSummary, reportFromStore } from './report.js';

export const demoCommand: Command = {
  name: 'demo',
  summary: 'See the whole study in one command: generate a year of traffic into a demo store and write the report',
  details:
    'The demo store is <data-dir>/demo, apart from the gateway’s own store. A second run reuses it\n' +
    '(--fresh starts over). Explore it afterwards with: switchboard serve --data-dir .switchboard/demo',
  options: {
    ...configOptions,
    ...workloadOptions,
    out: { type: 'string', short: 'o', description: 'report directory (default: <demo store>/report)', value: 'dir' },
    fresh: { type: 'boolean', description: 'delete the demo store and generate again' },
  },
  run: async (parsed) => {
    const started = performance.now();
    const config = configFromArguments(parsed);
    const demoDirectory = resolve(config.data_dir, 'demo');
    if (parsed.values.fresh) await rm(demoDirectory, { recursive: true, force: true });
    const demoConfig = configFromArguments(parsed, { data_dir: demoDirectory });
    const held = await withGenerationStore(demoConfig, async ({ client }) => (await new AnalyticsStore(client).extent())?.requests ?? 0);
    if (held === 0) await generateIntoStore(parsed, demoDirectory, workloadArguments(parsed));
    else process.stderr.write(`the demo store ${demoDirectory} already holds ${formatCount(held)} records (use --fresh to generate again)\n`);
    const run = await reportFromStore(demoConfig, { values: {}, positionals: [] }, [...analyses], {}, false);
    const out = resolve(typeof parsed.values.out === 'string' ? parsed.values.out : resolve(demoDirectory, 'report'));
    const written = await writeReport(run, out);
    printSummary(run, written);
    process.stdout.write(`\nopen ${pathToFileURL(written.html).href}\ndemo took ${formatDuration(performance.now() - started)}\n`);
    return 0;
  },
};
