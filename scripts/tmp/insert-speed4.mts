import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createChdbConnection } from 'chdb/connection';
import { ModelCatalog } from '../../src/catalog/model-catalog.js';
import { generateStudyWorkload } from '../../src/simulation/workload/generate-study-workload.js';
import { generationsTableDdl } from '../../src/storage/generation-log/generations-table.js';
import { toTabSeparatedRow } from '../../src/storage/generation-log/tab-separated-rows.js';
const dir = mkdtempSync(join(tmpdir(), 'ins-'));
const connection = createChdbConnection({ path: dir }) as any;
const rows: string[] = [];
await generateStudyWorkload({ records: 200_000, seed: 3 }, ModelCatalog.load(), async (batch) => { for (const r of batch) rows.push(toTabSeparatedRow(r)); });
const text = rows.join('');
const buffer = Buffer.from(text);
writeFileSync(join(dir, 'batch.tsv'), buffer);
const base = generationsTableDdl();
await connection.chdb.queryAsync(base.replace(/ENGINE[\s\S]*$/, 'ENGINE = Null').replace(/,\s*INDEX id_bloom[^\n]*/, ''));
for (const settings of [{}, { input_format_parallel_parsing: 0 }, { input_format_parallel_parsing: 1, max_threads: 2, min_chunk_bytes_for_parallel_parsing: 1048576 }, { input_format_tsv_use_best_effort_in_schema_inference: 0, date_time_input_format: 'basic' }]) {
  const t = performance.now();
  const r = await connection.chdb.rawInsert({ table: 'generations', format: 'TabSeparated', values: buffer, settings });
  console.log('Null rawInsert', JSON.stringify(settings), (performance.now() - t).toFixed(0), 'ms; chdb', r.elapsed.toFixed(2));
}
let t = performance.now();
await connection.chdb.queryAsync(`INSERT INTO generations SELECT * FROM file('${join(dir, 'batch.tsv')}', 'TabSeparated')`);
console.log('Null from file()', (performance.now() - t).toFixed(0), 'ms');
t = performance.now();
const r = await connection.chdb.queryAsync(`SELECT count() FROM file('${join(dir, 'batch.tsv')}', 'TabSeparated', 'c1 String')`, { format: 'CSV' });
console.log('count lines via file() one column', (performance.now() - t).toFixed(0), 'ms', r.text().trim());
// narrow: half the columns
const structure = (await import('../../src/storage/generation-log/generations-table.js')).generationColumnList.map(([n, ty]) => `${n} ${ty}`).join(', ');
t = performance.now();
const r2 = await connection.chdb.queryAsync(`SELECT count(), sum(tokens_prompt) FROM file('${join(dir, 'batch.tsv')}', 'TabSeparated', '${structure.replace(/'/g, "\\'")}')`, { format: 'CSV' });
console.log('parse all columns via file()', (performance.now() - t).toFixed(0), 'ms', r2.text().trim());
