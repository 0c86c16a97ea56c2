import { describe, expect, it } from 'vitest';
import { checkedClusterName, clusterSchemaStatements } from './cluster-schema.js';
import { generationsTableDdl } from './generations-table.js';
import { rollups, rollupViewDdl } from './rollup-tables.js';

describe('the generation log on a ClickHouse cluster', () => {
  const statements = clusterSchemaStatements('analytics');

  it('makes every table and view ON CLUSTER, tables Replicated, and a Distributed table over generations', () => {
    expect(statements).toHaveLength(2 + rollups.length * 2);
    for (const statement of statements) expect(statement).toContain(' ON CLUSTER analytics');
    const tables = statements.filter((statement) => statement.startsWith('CREATE TABLE') && !statement.includes('Distributed('));
    expect(tables).toHaveLength(1 + rollups.length);
    for (const table of tables) expect(table).toMatch(/ENGINE = Replicated(Replacing|Aggregating)MergeTree\b/);
    expect(statements.at(-1)).toContain('ENGINE = Distributed(analytics, currentDatabase(), generations, cityHash64(id))');
  });

  it('is the single-server schema and nothing else, once the cluster parts are taken out', () => {
    const single = (statement: string) => statement.replace(' ON CLUSTER analytics', '').replace('ENGINE = Replicated', 'ENGINE = ');
    expect(single(statements[0]!)).toBe(generationsTableDdl());
    rollups.forEach((rollup, index) => {
      expect(single(statements[1 + index * 2]!)).toBe(rollup.ddl());
      expect(single(statements[2 + index * 2]!)).toBe(rollupViewDdl(rollup));
    });
  });

  it('refuses a cluster name that is not a plain identifier (it is spliced into DDL)', () => {
    for (const name of ['', 'a b', 'x;DROP TABLE generations', '1cluster', 'a'.repeat(65)]) expect(() => checkedClusterName(name)).toThrow(RangeError);
    expect(checkedClusterName('prod_cluster_2')).toBe('prod_cluster_2');
  });
});
