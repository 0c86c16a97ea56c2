import { join } from 'node:path';
import { analyses } from '../../src/analytics/analyses/analysis-registry.js';
import { AnalyticsStore } from '../../src/analytics/analytics-store.js';
import { runReport } from '../../src/analytics/report/run-report.js';
import { createClickHouseClient } from '../../src/storage/clickhouse/create-clickhouse-client.js';
const client = createClickHouseClient({ kind: 'chdb', path: join(process.argv[2]!, 'generation-store') });
const analytics = new AnalyticsStore(client);
const extent = (await analytics.extent())!;
for (let run = 0; run < 2; run++) {
  analytics.timings.length = 0;
  const report = await runReport({ store: analytics, storeDescription: 'x', period: { from: extent.from, to: extent.to }, analyses });
  console.log('report', report.milliseconds.toFixed(0), 'ms', report.timings.map((t) => `${t.id}:${t.milliseconds.toFixed(0)}`).join(' '));
}
const slow = [...analytics.timings].sort((a, b) => b.milliseconds - a.milliseconds);
console.log('queries', slow.length, 'sum', slow.reduce((s, q) => s + q.milliseconds, 0).toFixed(0));
for (const q of slow.slice(0, 14)) console.log(q.milliseconds.toFixed(0).padStart(5), q.rows, q.sql.replace(/\s+/g, ' ').slice(0, 260));
const [c] = (await (await client.query({ query: 'SELECT (SELECT count() FROM generations_daily) d, (SELECT count() FROM model_user_months) u', format: 'JSONEachRow' })).json()) as any[];
console.log(c);
await client.close();
