import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { controlPlaneFactories } from '../../server/composition/store-factories.js';
import { Quarantine } from '../../storage/generation-log/quarantine.js';
import { retryQuarantined } from '../../storage/generation-log/retry-quarantined.js';
import type { Command } from '../command.js';
import { configFromArguments, configOptions, printJson, printTable } from '../cli-context.js';
import { withGenerationStore } from '../generation-store-context.js';

/** Every quarantine file of the data directory: the gateway's queue and each cluster worker's. */
function quarantineFiles(dataDirectory: string): { queue: string; quarantine: Quarantine }[] {
  const root = resolve(dataDirectory, 'generation-queue');
  const files: { queue: string; quarantine: Quarantine }[] = [];
  if (existsSync(join(root, 'quarantine.ndjson'))) files.push({ queue: 'gateway', quarantine: new Quarantine(join(root, 'quarantine.ndjson')) });
  if (existsSync(root)) {
    for (const name of readdirSync(root).sort()) {
      if (/^worker-\d+$/.test(name) && existsSync(join(root, name, 'quarantine.ndjson'))) files.push({ queue: name, quarantine: new Quarantine(join(root, name, 'quarantine.ndjson')) });
    }
  }
  return files;
}

const quarantineCommand: Command = {
  name: 'quarantine',
  summary: 'List the records the generation store refused or could not read, or retry them after a fix',
  details:
    'The writer moves a record the store refuses (or bytes it cannot read as one) to a quarantine file\n' +
    'beside its queue and goes on. --retry delivers every record that can now be delivered, each once;\n' +
    'with the embedded store, stop the gateway first (chDB admits one process).',
  options: {
    ...configOptions,
    retry: { type: 'boolean', description: 'deliver the quarantined records again' },
    json: { type: 'boolean', description: 'print JSON' },
  },
  run: async (parsed) => {
    const config = configFromArguments(parsed);
    const files = quarantineFiles(config.data_dir);
    if (parsed.values.retry) {
      if (files.length === 0) {
        process.stdout.write('nothing is quarantined\n');
        return 0;
      }
      const controlPlane = await controlPlaneFactories[config.control_plane.store](config);
      try {
        const outcomes = await withGenerationStore(config, async ({ store }) => {
          const results = [];
          for (const { queue, quarantine } of files) results.push({ queue, ...(await retryQuarantined({ quarantine, store, controlPlane })) });
          return results;
        });
        if (parsed.values.json) printJson(outcomes);
        else for (const outcome of outcomes) process.stdout.write(`${outcome.queue}: ${outcome.delivered} delivered, ${outcome.held.length} still quarantined\n`);
        return outcomes.some((outcome) => outcome.held.length > 0) ? 1 : 0;
      } finally {
        await controlPlane.close();
      }
    }
    const rows = [];
    for (const { queue, quarantine } of files) {
      for (const record of await quarantine.list()) rows.push({ queue, ...record });
    }
    if (parsed.values.json) {
      printJson(rows);
      return 0;
    }
    if (rows.length === 0) {
      process.stdout.write('nothing is quarantined\n');
      return 0;
    }
    printTable(
      rows.map((row) => ({
        queue: row.queue,
        quarantined_at: row.quarantinedAt,
        generation_id: row.generationId,
        charged: row.usageApplied ? 'yes' : 'no',
        kind: row.payload.kind,
        reason: row.reason.slice(0, 100),
      })),
      ['queue', 'quarantined_at', 'generation_id', 'charged', 'kind', 'reason'],
    );
    return 0;
  },
};

export const logCommand: Command = {
  name: 'log',
  summary: 'The generation log: quarantined records',
  subcommands: [quarantineCommand],
};
