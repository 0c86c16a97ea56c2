import { mkdirSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { ClickHouseClient } from '@clickhouse/client';
import { generationIdTime } from '../../spec/generation-id.js';
import type { GenerationRecord } from './generation-record.js';
import type { GenerationStore } from './generation-store.js';
import { generationColumnList, generationsTableDdl, type TableOptions } from './generations-table.js';
import { rollups, rollupViewDdl } from './rollup-tables.js';
import { toTabSeparatedRow } from './tab-separated-rows.js';

type Row = Omit<GenerationRecord, 'provider_responses' | 'created_at'> & { provider_responses: string; created_at: string };

function fromRow(row: Row): GenerationRecord {
  return {
    ...row,
    schema_version: 1,
    created_at: `${row.created_at.replace(' ', 'T')}Z`,
    provider_responses: JSON.parse(row.provider_responses) as GenerationRecord['provider_responses'],
  };
}

export interface ClickHouseGenerationStoreOptions extends TableOptions {
  /**
   * With chDB embedded: a directory on the same machine where bulk inserts are staged as a file and
   * read with the file() table function — about twice as fast as passing the rows through the
   * client (200,000 rows: ≈ 1.6 s against ≈ 3.5 s here). Not for a ClickHouse server, which cannot read this machine's files.
   */
  stagingDirectory?: string;
}

const tableStructure = generationColumnList.map(([name, type]) => `${name} ${type}`).join(', ');

/** The generation log on ClickHouse SQL: chDB embedded or a ClickHouse server, through one client. */
export class ClickHouseGenerationStore implements GenerationStore {
  private staged = 0;

  constructor(
    private readonly client: ClickHouseClient,
    private readonly tableOptions: ClickHouseGenerationStoreOptions = {},
  ) {
    if (tableOptions.stagingDirectory) mkdirSync(tableOptions.stagingDirectory, { recursive: true });
  }

  /**
   * Creates the table and its rollups when missing. A rollup created over a table that already holds
   * generations is filled from them once, then its view starts catching new inserts (the gateway
   * migrates before it writes, so nothing arrives in between).
   */
  async migrate(): Promise<void> {
    const { stagingDirectory: _staging, ...tableOptions } = this.tableOptions;
    await this.client.command({ query: generationsTableDdl(tableOptions) });
    for (const rollup of rollups) {
      const result = await this.client.query({ query: 'SELECT count() AS present FROM system.tables WHERE database = currentDatabase() AND name = {name:String}', query_params: { name: rollup.view }, format: 'JSONEachRow' });
      const [{ present } = { present: 0 }] = (await result.json()) as { present: number }[];
      if (Number(present) > 0) continue;
      await this.client.command({ query: rollup.ddl(tableOptions) });
      // Filled before its view exists, so a stop in between starts over (the view is the completion mark).
      await this.client.command({ query: `TRUNCATE TABLE ${rollup.table}` });
      await this.client.command({ query: `INSERT INTO ${rollup.table} ${rollup.select()}` });
      await this.client.command({ query: rollupViewDdl(rollup, tableOptions) });
    }
  }

  /** Inserts a batch as TabSeparated text: several times cheaper to write and to parse than JSONEachRow. */
  async insert(records: GenerationRecord[], deduplicationToken: string): Promise<void> {
    if (records.length === 0) return;
    let rows = '';
    for (const record of records) rows += toTabSeparatedRow(record);
    await this.insertTabSeparated(rows, deduplicationToken);
  }

  async insertTabSeparated(rows: string | Buffer, deduplicationToken?: string): Promise<void> {
    if (rows.length === 0) return;
    // The token also keeps a re-delivered batch out of the rollups the views feed.
    const settings = deduplicationToken ? { insert_deduplication_token: deduplicationToken, deduplicate_blocks_in_dependent_materialized_views: 1 as const } : {};
    const staging = this.tableOptions.stagingDirectory;
    if (staging) {
      const file = join(staging, `insert-${process.pid}-${this.staged++}.tsv`);
      await writeFile(file, rows);
      try {
        await this.client.command({
          query: `INSERT INTO generations SELECT * FROM file({file:String}, 'TabSeparated', {structure:String})`,
          query_params: { file, structure: tableStructure },
          // Rows of a batch are distinct generations: no need to collapse replacing rows while inserting.
          clickhouse_settings: { ...settings, optimize_on_insert: 0 },
        });
      } finally {
        await rm(file, { force: true });
      }
      return;
    }
    await this.client.insert({
      table: 'generations',
      values: Readable.from([rows], { objectMode: false }),
      format: 'TabSeparated',
      clickhouse_settings: settings,
    });
  }

  async get(id: string, accountId?: string): Promise<GenerationRecord | undefined> {
    // The id carries its creation second: bound the scan to the partitions and days around it.
    const seconds = generationIdTime(id);
    const timeFilter = seconds === null ? '' : 'AND created_at BETWEEN fromUnixTimestamp64Milli({from:Int64}) AND fromUnixTimestamp64Milli({to:Int64})';
    const accountFilter = accountId === undefined ? '' : 'AND account_id = {account:String}';
    const result = await this.client.query({
      query: `SELECT * FROM generations WHERE id = {id:String} ${timeFilter} ${accountFilter} LIMIT 1`,
      query_params: {
        id,
        account: accountId ?? '',
        from: seconds === null ? 0 : (seconds - 86_400) * 1000,
        to: seconds === null ? 0 : (seconds + 86_400) * 1000,
      },
      format: 'JSONEachRow',
    });
    const rows = (await result.json()) as Row[];
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  async existingIds(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const times = ids.map(generationIdTime).filter((time): time is number => time !== null);
    const bounded = times.length === ids.length;
    const result = await this.client.query({
      query: `SELECT DISTINCT id FROM generations WHERE id IN {ids:Array(String)} ${bounded ? 'AND created_at BETWEEN fromUnixTimestamp64Milli({from:Int64}) AND fromUnixTimestamp64Milli({to:Int64})' : ''}`,
      query_params: { ids, from: bounded ? (Math.min(...times) - 86_400) * 1000 : 0, to: bounded ? (Math.max(...times) + 86_400) * 1000 : 0 },
      format: 'JSONEachRow',
    });
    return new Set(((await result.json()) as { id: string }[]).map((row) => row.id));
  }

  async count(): Promise<{ rows: number; distinctIds: number }> {
    const result = await this.client.query({ query: 'SELECT count() AS rows, uniqExact(id) AS distinct_ids FROM generations', format: 'JSONEachRow' });
    const [row] = (await result.json()) as { rows: number; distinct_ids: number }[];
    return { rows: Number(row?.rows ?? 0), distinctIds: Number(row?.distinct_ids ?? 0) };
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
