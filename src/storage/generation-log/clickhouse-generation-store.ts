import { mkdirSync, mkdtempSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { ClickHouseClient } from '@clickhouse/client';
import type { GenerationRecord, ProviderAttempt } from '../../spec/generation-record.js';
import { generationIdTime } from '../../spec/generation-id.js';
import { createClickHouseClient, type ClickHouseTarget } from '../clickhouse/create-clickhouse-client.js';
import { type EventBlock, type GenerationStore, StoreRefusedError } from './generation-store.js';
import { columnUpgrades, generationsTableDdl, insertFromEventBlockSql, type TableOptions } from './generations-table.js';
import { rollups, rollupViewDdl } from './rollup-tables.js';
import { frameRecords } from '../durable-queue/record-frame.js';
import { encodeUsageEvent, framedEventStructure } from './usage-events/usage-event.js';

type Row = Omit<GenerationRecord, 'provider_responses' | 'created_at'> & { provider_responses: string; created_at: string };

function fromRow(row: Row): GenerationRecord {
  return {
    ...row,
    schema_version: Number(row.schema_version),
    created_at: `${row.created_at.replace(' ', 'T')}Z`,
    provider_responses: JSON.parse(row.provider_responses) as ProviderAttempt[],
  };
}

/**
 * Writes a file in as few writes as the kernel allows (fs.writeFile goes in 512 KiB pieces, each
 * waiting for a turn of the event loop: a busy gateway would hold a 100 MB batch back for seconds).
 */
async function writeWhole(path: string, data: Buffer): Promise<void> {
  const file = await open(path, 'w');
  try {
    for (let written = 0; written < data.length; ) written += (await file.write(data, written, data.length - written, written)).bytesWritten;
  } finally {
    await file.close();
  }
}

export type ClickHouseGenerationStoreOptions =
  /**
   * chDB in this process: a block is staged as a file in `stagingDirectory` and read with the
   * file() table function (the client passes bodies as text; a block of events is binary).
   */
  | { mode: 'embedded'; stagingDirectory: string }
  /** A ClickHouse server or cluster: a block is the body of `INSERT … SELECT … FROM input() FORMAT RowBinary`. */
  | ({ mode: 'server' } & TableOptions);

/** ClickHouse's codes for a value it cannot take (parse, type, range, constraint), as opposed to being unavailable. */
const refusalCodes = new Set(['6', '27', '33', '38', '41', '53', '69', '70', '72', '117', '131', '321', '395', '469']);
const refusalTypes =
  /CANNOT_PARSE|TYPE_MISMATCH|INCORRECT_DATA|TOO_LARGE_STRING_SIZE|VALUE_IS_OUT_OF_RANGE|VIOLATED_CONSTRAINT|ARGUMENT_OUT_OF_BOUND|CANNOT_CONVERT_TYPE|CANNOT_READ_ALL_DATA|THROW_IF_VALUE_IS_NON_ZERO/;

export function isRefusal(error: unknown): boolean {
  for (let current = error as { code?: unknown; type?: unknown; message?: unknown; cause?: unknown } | undefined; current; current = current.cause as typeof current) {
    if (refusalCodes.has(String(current.code)) || refusalTypes.test(String(current.type ?? '')) || refusalTypes.test(String(current.message ?? ''))) return true;
  }
  return false;
}

/** The generation log on ClickHouse SQL: chDB embedded or a ClickHouse server, through one client and one SQL text. */
export class ClickHouseGenerationStore implements GenerationStore {
  private staged = 0;

  constructor(
    readonly client: ClickHouseClient,
    private readonly options: ClickHouseGenerationStoreOptions,
  ) {
    if (options.mode === 'embedded') mkdirSync(options.stagingDirectory, { recursive: true });
  }

  /** A store on `target`: embedded chDB stages blocks beside its data (or in a temporary directory for ':memory:'). */
  static open(target: ClickHouseTarget, stagingDirectory?: string, tableOptions: TableOptions = {}): ClickHouseGenerationStore {
    const client = createClickHouseClient(target);
    if (target.kind === 'clickhouse') return new ClickHouseGenerationStore(client, { mode: 'server', ...tableOptions });
    const staging = stagingDirectory ?? (target.path === ':memory:' ? mkdtempSync(join(tmpdir(), 'switchboard-staging-')) : `${target.path}-staging`);
    return new ClickHouseGenerationStore(client, { mode: 'embedded', stagingDirectory: staging });
  }

  private get tableOptions(): TableOptions {
    return this.options.mode === 'server' && this.options.cluster ? { cluster: this.options.cluster } : {};
  }

  /**
   * Creates the table and its rollups when missing, and upgrades a table an earlier release made
   * (columns added, integers widened). A rollup created over a table that already holds
   * generations is filled from them once, then its view starts catching new inserts.
   */
  async migrate(): Promise<void> {
    const tableOptions = this.tableOptions;
    await this.client.command({ query: generationsTableDdl(tableOptions) });
    const columns = await this.client.query({ query: "SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = 'generations'", format: 'JSONEachRow' });
    const types = new Map(((await columns.json()) as { name: string; type: string }[]).map((column) => [column.name, column.type]));
    for (const upgrade of columnUpgrades) {
      if (types.get(upgrade.column) === upgrade.type) continue;
      await this.client.command({ query: upgrade.statement, clickhouse_settings: { mutations_sync: '2' } });
    }
    for (const rollup of rollups) {
      const result = await this.client.query({
        query: 'SELECT count() AS present FROM system.tables WHERE database = currentDatabase() AND name = {name:String}',
        query_params: { name: rollup.view },
        format: 'JSONEachRow',
      });
      const [{ present } = { present: 0 }] = (await result.json()) as { present: number }[];
      if (Number(present) > 0) continue;
      await this.client.command({ query: rollup.ddl(tableOptions) });
      // Filled before its view exists, so a stop in between starts over (the view is the completion mark).
      await this.client.command({ query: `TRUNCATE TABLE ${rollup.table}` });
      await this.client.command({ query: `INSERT INTO ${rollup.table} ${rollup.select()}` });
      await this.client.command({ query: rollupViewDdl(rollup, tableOptions) });
    }
  }

  /**
   * Inserts a run of framed events as the engine reads them (RowBinary, the frame headers as three
   * leading columns): no row is decoded in this process.
   */
  async insertEvents(block: EventBlock, deduplicationToken: string): Promise<void> {
    if (block.rows === 0) return;
    // The token also keeps a re-delivered batch out of the rollups the views feed. Rows of a batch are
    // distinct generations: no need to collapse replacing rows while inserting.
    const settings = { insert_deduplication_token: deduplicationToken, deduplicate_blocks_in_dependent_materialized_views: 1 as const, optimize_on_insert: 0 as const };
    try {
      if (this.options.mode === 'embedded') {
        const file = join(this.options.stagingDirectory, `events-${process.pid}-${this.staged++}.rowbinary`);
        await writeWhole(file, block.data);
        try {
          await this.client.command({
            query: insertFromEventBlockSql("file({file:String}, 'RowBinary', {structure:String})"),
            query_params: { file, structure: framedEventStructure },
            clickhouse_settings: settings,
          });
        } finally {
          await rm(file, { force: true });
        }
      } else {
        await this.client.exec({
          query: `${insertFromEventBlockSql(`input('${framedEventStructure.replace(/'/g, "\\'")}')`)} FORMAT RowBinary`,
          values: Readable.from([block.data]),
          clickhouse_settings: settings,
        });
      }
    } catch (error) {
      if (isRefusal(error)) throw new StoreRefusedError(`the generation store refused the batch: ${String((error as Error)?.message ?? error)}`, { cause: error });
      throw error;
    }
  }

  async insert(records: readonly GenerationRecord[], deduplicationToken?: string): Promise<void> {
    if (records.length === 0) return;
    const data = frameRecords(records.map((record) => encodeUsageEvent(record)));
    await this.insertEvents({ rows: records.length, data }, deduplicationToken ?? `records-${process.pid}-${Date.now()}-${Math.random()}`);
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
