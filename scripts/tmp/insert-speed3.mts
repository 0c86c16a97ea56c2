import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createChdbConnection } from 'chdb/connection';
import { ModelCatalog } from '../../src/catalog/model-catalog.js';
import { generateStudyWorkload } from '../../src/simulation/workload/generate-study-workload.js';
import { generationsTableDdl } from '../../src/storage/generation-log/generations-table.js';
import { toTabSeparatedRow } from '../../src/storage/generation-log/tab-separated-rows.js';
const connection = createChdbConnection({ path: mkdtempSync(join(tmpdir(), 'ins-')) }) as any;
const rows: string[] = [];
await generateStudyWorkload({ records: 200_000, seed: 3 }, ModelCatalog.load(), async (batch) => { for (const r of batch) rows.push(toTabSeparatedRow(r)); });
const buffer = Buffer.from(rows.join(''));
const base = generationsTableDdl();
const variants: Record<string, string> = {
  current: base,
  noBloom: base.replace(/,\s*INDEX id_bloom[^\n]*/, ''),
  noPartition: base.replace('PARTITION BY toYYYYMM(created_at)\n', ''),
  plainMergeTree: base.replace('ReplacingMergeTree', 'MergeTree'),
  orderByTimeOnly: base.replace('ORDER BY (toDate(created_at), id)', 'ORDER BY (toDate(created_at))'),
  all: base.replace(/,\s*INDEX id_bloom[^\n]*/, '').replace('PARTITION BY toYYYYMM(created_at)\n', '').replace('ORDER BY (toDate(created_at), id)', 'ORDER BY (toDate(created_at))'),
};
for (const [name, ddl] of Object.entries(variants)) {
  await connection.chdb.queryAsync('DROP TABLE IF EXISTS generations');
  await connection.chdb.queryAsync(ddl);
  const times = [];
  for (let i = 0; i < 2; i++) {
    const t = performance.now();
    const r = await connection.chdb.rawInsert({ table: 'generations', format: 'TabSeparated', values: buffer, settings: { insert_deduplication_token: `tok-${name}-${i}` } });
    times.push(`${(performance.now() - t).toFixed(0)}ms/${r.elapsed.toFixed(2)}s`);
  }
  console.log(name, times.join(' '));
}
// Parse-only: insert into Null engine
await connection.chdb.queryAsync('DROP TABLE IF EXISTS generations');
await connection.chdb.queryAsync(base.replace(/ENGINE[\s\S]*$/, 'ENGINE = Null').replace(/,\s*INDEX id_bloom[^\n]*/, ''));
const t = performance.now();
await connection.chdb.rawInsert({ table: 'generations', format: 'TabSeparated', values: buffer });
console.log('Null engine (parse only)', (performance.now() - t).toFixed(0), 'ms');
