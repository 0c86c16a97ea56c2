import { ModelCatalog } from '../../src/catalog/model-catalog.js';
import { generateStudyWorkload } from '../../src/simulation/workload/generate-study-workload.js';
import { toQueueLine } from '../../src/storage/generation-log/queue-line.js';
const t0 = performance.now();
let n = 0, bytes = 0;
await generateStudyWorkload({ records: 1_000_000, seed: 7 }, ModelCatalog.load(), async (batch) => { n += batch.length; for (const r of batch) bytes += toQueueLine(r).length; });
console.log(n, 'records', ((performance.now() - t0) / 1000).toFixed(1), 's', 'avg line', (bytes / n).toFixed(0));
