import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createChdbConnection } from 'chdb/connection';
import { ModelCatalog } from '../../src/catalog/model-catalog.js';
import { generateStudyWorkload } from '../../src/simulation/workload/generate-study-workload.js';
import { generationColumnList, generationsTableDdl } from '../../src/storage/generation-log/generations-table.js';
import { toTabSeparatedRow } from '../../src/storage/generation-log/tab-separated-rows.js';
const dir = mkdtempSync(join(tmpdir(), 'ins-'));
const connection = createChdbConnection({ path: dir }) as any;
const rows: string[] = [];
await generateStudyWorkload({ records: 200_000, seed: 3 }, ModelCatalog.load(), async (batch) => { for (const r of batch) rows.push(toTabSeparatedRow(r)); });
const file = join(dir, 'batch.tsv');
writeFileSync(file, rows.join(''));
const structure = generationColumnList.map(([n, t]) => `${n} ${t}`).join(', ').replace(/'/g, "\\'");
const base = generationsTableDdl();
const settingsList = ['', ", optimize_on_insert=0", ", optimize_on_insert=0, max_insert_threads=2", ", optimize_on_insert=0, input_format_parallel_parsing=0", ", optimize_on_insert=0, max_threads=2, max_insert_threads=2, min_insert_block_size_rows=1000000, min_insert_block_size_bytes=0"];
for (const extra of settingsList) {
  await connection.chdb.queryAsync('DROP TABLE IF EXISTS generations');
  await connection.chdb.queryAsync(base);
  const times = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    await connection.chdb.queryAsync(`INSERT INTO generations SELECT * FROM file('${file}', 'TabSeparated', '${structure}') SETTINGS insert_deduplication_token='t${i}'${extra}`);
    times.push((performance.now() - t).toFixed(0));
  }
  console.log(extra || 'defaults', times.join(' '), 'ms per 200k');
}
