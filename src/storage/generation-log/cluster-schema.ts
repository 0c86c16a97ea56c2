import { generationsTableDdl } from './generations-table.js';
import { rollups, rollupViewDdl } from './rollup-tables.js';

/** A ClickHouse cluster's name as it may appear unquoted in `ON CLUSTER` (remote_servers' key). */
export function checkedClusterName(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name)) throw new RangeError(`cluster name "${name}": letters, digits and underscores, starting with a letter or underscore`);
  return name;
}

/**
 * The generation log's schema for a ClickHouse cluster, statement by statement, in the order to run
 * them: the same tables, rollups and views every node creates on chDB or one server, made
 * `ON CLUSTER` with Replicated engines (a replica on each server of the cluster, each insert
 * deduplicated by its token across replicas), and a Distributed table over `generations` for
 * queries that span shards. Switchboard itself writes and reads `generations` and its rollups
 * through any one replica (the layout of docs/deployment.md: one shard, several replicas).
 */
export function clusterSchemaStatements(cluster: string): string[] {
  const options = { cluster: checkedClusterName(cluster) };
  return [
    generationsTableDdl(options),
    ...rollups.flatMap((rollup) => [rollup.ddl(options), rollupViewDdl(rollup, options)]),
    `CREATE TABLE IF NOT EXISTS generations_distributed ON CLUSTER ${cluster} AS generations\nENGINE = Distributed(${cluster}, currentDatabase(), generations, cityHash64(id))`,
  ];
}
