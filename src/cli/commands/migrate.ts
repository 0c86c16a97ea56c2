import { controlPlaneFactories } from '../../server/composition/store-factories.js';
import type { Command } from '../command.js';
import { configFromArguments, configOptions } from '../cli-context.js';
import { withGenerationStore } from '../generation-store-context.js';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'Bring the control plane (SQLite or PostgreSQL) and the generation log (chDB or a ClickHouse server) to this release’s schema',
  details:
    'Every start does the same; run it before a rolling restart of many nodes, or to see what a release changes.\n' +
    'PostgreSQL migrations are versioned (switchboard_migrations) and taken under an advisory lock, so nodes starting at once apply each once.',
  options: configOptions,
  run: async (parsed) => {
    const config = configFromArguments(parsed);
    const controlPlane = await controlPlaneFactories[config.control_plane.store](config);
    await controlPlane.close();
    process.stderr.write(`control plane (${config.control_plane.store}): up to date\n`);
    await withGenerationStore(config, async ({ description }) => {
      process.stderr.write(`generation log (${description}): up to date\n`);
    });
    return 0;
  },
};
