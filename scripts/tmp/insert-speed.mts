import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelCatalog } from '../../src/catalog/model-catalog.js';
import { generateStudyWorkload } from '../../src/simulation/workload/generate-study-workload.js';
import { createClickHouseClient } from '../../src/storage/clickhouse/create-clickhouse-client.js';
import { ClickHouseGenerationStore } from '../../src/storage/generation-log/clickhouse-generation-store.js';
import { toTabSeparatedRow } from '../../src/storage/generation-log/tab-separated-rows.js';
const client = createClickHouseClient({ kind: 'chdb', path: mkdtempSync(join(tmpdir(), 'ins-')) });
const store = new ClickHouseGenerationStore(client);
await store.migrate();
const rows: string[] = [];
await generateStudyWorkload({ records: 200_000, seed: 3 }, ModelCatalog.load(), async (batch) => { for (const r of batch) rows.push(toTabSeparatedRow(r)); });
const text = rows.join('');
console.log('bytes', text.length);
for (let i = 0; i < 3; i++) {
  const t = performance.now();
  await store.insertTabSeparated(text, `tok-${i}`);
  console.log('insert 200k', (performance.now() - t).toFixed(0), 'ms');
}
