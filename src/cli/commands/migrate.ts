import { controlPlaneFactories } from '../../server/composition/store-factories.js';
import { clusterSchemaStatements } from '../../storage/generation-log/cluster-schema.js';
import type { Command } from '../command.js';
import { configFromArguments, configOptions } from '../cli-context.js';
import { withGenerationStore } from '../generation-store-context.js';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'Bring the control plane (SQLite or PostgreSQL) and the generation log (chDB or a ClickHouse server) to this release’s schema',
  details:
    'Every start does the same; run it before a rolling restart of many nodes, or to see what a release changes.\n' +
    'PostgreSQL migrations are versioned (switchboard_migrations) and taken under an advisory lock, so nodes starting at once apply each once.',
  options: {
    ...configOptions,
    cluster: { type: 'string', description: "print the generation log's DDL for this ClickHouse cluster (ON CLUSTER, Replicated engines, a Distributed table) and change nothing", value: 'name' },
  },
  run: async (parsed) => {
    if (typeof parsed.values.cluster === 'string') {
      let statements: string[];
      try {
        statements = clusterSchemaStatements(parsed.values.cluster);
      } catch (error) {
        process.stderr.write(`switchboard migrate: ${(error as Error).message}\n`);
        return 2;
      }
      process.stdout.write(
        `-- The generation log of Switchboard on the ClickHouse cluster ${parsed.values.cluster}: run once, on any server of it,\n-- in the database generation_log.clickhouse.database names (docs/deployment.md).\n`,
      );
      for (const statement of statements) process.stdout.write(`${statement};\n\n`);
      return 0;
    }
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
