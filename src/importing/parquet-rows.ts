import type { ClickHouseClient } from '@clickhouse/client';

/**
 * Rows of a Parquet file, read by chDB's file() table function (the embedded engine reads the
 * local file; with a ClickHouse server as the store, the importer opens an in-memory chDB only to
 * read the file). `structure` names the columns to read with their types; columns the file lacks
 * come back as NULL. Read in batches in file order (one thread), so row numbers are stable.
 */
export async function* parquetRows(client: ClickHouseClient, path: string, structure: string, batchSize = 50_000): AsyncIterable<Record<string, unknown>> {
  for (let offset = 0; ; offset += batchSize) {
    const result = await client.query({
      query: `SELECT * FROM file({path:String}, Parquet, {structure:String}) LIMIT {limit:UInt64} OFFSET {offset:UInt64}`,
      query_params: { path, structure, limit: batchSize, offset },
      format: 'JSONEachRow',
      clickhouse_settings: { max_threads: 1, input_format_parquet_allow_missing_columns: 1 },
    });
    const rows = (await result.json()) as Record<string, unknown>[];
    for (const row of rows) yield row;
    if (rows.length < batchSize) return;
  }
}
