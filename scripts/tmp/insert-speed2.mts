import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createChdbConnection } from 'chdb/connection';
import { ModelCatalog } from '../../src/catalog/model-catalog.js';
import { generateStudyWorkload } from '../../src/simulation/workload/generate-study-workload.js';
import { generationsTableDdl } from '../../src/storage/generation-log/generations-table.js';
import { toTabSeparatedRow } from '../../src/storage/generation-log/tab-separated-rows.js';
const connection = createChdbConnection({ path: mkdtempSync(join(tmpdir(), 'ins-')) }) as any;
await connection.chdb.queryAsync(generationsTableDdl());
const rows: string[] = [];
await generateStudyWorkload({ records: 200_000, seed: 3 }, ModelCatalog.load(), async (batch) => { for (const r of batch) rows.push(toTabSeparatedRow(r)); });
const buffer = Buffer.from(rows.join(''));
for (let i = 0; i < 3; i++) {
  const t = performance.now();
  const r = await connection.chdb.rawInsert({ table: 'generations', format: 'TabSeparated', values: buffer, settings: { insert_deduplication_token: `tok-${i}` } });
  console.log('rawInsert 200k', (performance.now() - t).toFixed(0), 'ms', JSON.stringify(r));
}
const c = await connection.chdb.queryAsync('SELECT count() FROM generations', { format: 'CSV' });
console.log(c.text());
