import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleGenerationRecord } from '../../../test/helpers/sample-generation-record.js';
import { ClickHouseGenerationStore } from './clickhouse-generation-store.js';
import { runGenerationStoreContract } from './generation-store.contract.js';
import { generationColumnList } from './generations-table.js';

// One chDB engine per process: one store for the file, each test with accounts of its own.
let store: ClickHouseGenerationStore;

/** The `generations` table as release 0.1.0 made it: tool counts in UInt16, no usage-anomaly columns. */
const previousReleaseDdl = `CREATE TABLE generations (
  ${generationColumnList
    .filter(([name]) => name !== 'usage_anomaly' && name !== 'unbilled_cost_nano')
    .map(([name, type]) => `${name} ${name === 'tools_given' || name === 'tool_calls_made' ? 'UInt16' : type}`)
    .join(',\n  ')}
) ENGINE = ReplacingMergeTree PARTITION BY toYYYYMM(created_at) ORDER BY (toDate(created_at), id) SETTINGS non_replicated_deduplication_window = 10000`;

const older = sampleGenerationRecord({ account_id: 'older', schema_version: 1, tools_given: 65_535 });

beforeAll(async () => {
  store = ClickHouseGenerationStore.open({ kind: 'chdb', path: mkdtempSync(join(tmpdir(), 'switchboard-store-contract-')) });
  await store.client.command({ query: previousReleaseDdl });
  const { usage_anomaly: _anomaly, unbilled_cost_nano: _unbilled, ...row } = older;
  await store.client.insert({
    table: 'generations',
    values: [{ ...row, created_at: row.created_at.replace('T', ' ').replace('Z', ''), provider_responses: JSON.stringify(row.provider_responses) }],
    format: 'JSONEachRow',
  });
  await store.migrate();
});
afterAll(async () => {
  await store.close();
});

describe('ClickHouseGenerationStore on chDB', () => {
  it('brings the previous release table up to date and keeps its rows', async () => {
    const columns = (await (
      await store.client.query({
        query: "SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = 'generations'",
        format: 'JSONEachRow',
      })
    ).json()) as { name: string; type: string }[];
    const types = Object.fromEntries(columns.map((column) => [column.name, column.type]));
    expect(types).toMatchObject({
      tools_given: 'UInt32',
      tool_calls_made: 'UInt32',
      usage_anomaly: 'LowCardinality(Nullable(String))',
      unbilled_cost_nano: 'Int64',
    });
    expect(await store.get(older.id)).toEqual({ ...older, usage_anomaly: null, unbilled_cost_nano: 0 });
  });

  runGenerationStoreContract({ store: () => store });
});
