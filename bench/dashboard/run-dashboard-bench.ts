/**
 * npm run bench:dashboard — the dashboard over a large store (default 10 million generations):
 *  1. a calibrated year (1 million distinct records) inserted into the embedded store, then copied
 *     (new ids, the same times) until the store holds --records;
 *  2. a gateway on that data directory (`startSwitchboard`, the store in its own process), and every
 *     dashboard API call a page makes, each --rounds times over HTTP: p50 and p95, against GET /health
 *     measured the same way in the same run (the lifecycle alone);
 *  3. each page in Debian's Chromium: first contentful paint and the time until its data is on screen.
 * Goal: every call p95 ≤ 300 ms; first paint ≤ 1 s. Run: npm run bench:dashboard [-- --records 1000000]
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { ModelCatalog } from '../../src/catalog/model-catalog.js';
import { loadConfig } from '../../src/config/load-config.js';
import { silentLogger } from '../../src/observability/logger.js';
import { startSwitchboard } from '../../src/server/start-switchboard.js';
import { generateStudyWorkload } from '../../src/simulation/workload/generate-study-workload.js';
import { ClickHouseGenerationStore } from '../../src/storage/generation-log/clickhouse-generation-store.js';

const { values } = parseArgs({
  options: { records: { type: 'string', default: '10000000' }, rounds: { type: 'string', default: '20' }, seed: { type: 'string', default: '42' }, 'data-dir': { type: 'string' } },
});
const total = Number(values.records);
const rounds = Number(values.rounds);
const log = (line: string) => process.stdout.write(`${line}\n`);
const seconds = (ms: number) => (ms / 1000).toFixed(1);

// --data-dir: a directory an earlier run left (its store is used as it is); else a new one, filled below.
const reuse = values['data-dir'] !== undefined && existsSync(join(values['data-dir'], 'generation-store'));
const directory = values['data-dir'] ?? mkdtempSync(join(tmpdir(), 'switchboard-dashboard-bench-'));
log(`bench:dashboard on ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; data in ${directory}`);

// 1. The store.
const started = performance.now();
const store = ClickHouseGenerationStore.open({ kind: 'chdb', path: join(directory, 'generation-store') });
await store.migrate();
const base = reuse ? 0 : Math.min(total, 1_000_000);
const copies = Math.ceil(total / base);
let inserted = 0;
if (base > 0)
  await generateStudyWorkload({ records: base, seed: Number(values.seed) }, ModelCatalog.load(), async (batch) => {
    // Each generated batch and its copies (new ids, the same times and facts), until the store holds --records.
    for (let copy = 0; copy < copies && inserted < total; copy++) {
      const rows = batch.slice(0, total - inserted).map((record) => (copy === 0 ? record : { ...record, id: `${record.id}-c${copy}`, request_id: `${record.request_id}-c${copy}` }));
      await store.insert(rows);
      inserted += rows.length;
    }
  });
const { rows } = await store.count();
await store.close();
log(`store: ${rows.toLocaleString('en-US')} generations in ${seconds(performance.now() - started)} s`);

// 2. A gateway on it, and the dashboard's API calls.
const instance = await startSwitchboard(loadConfig({ environment: {}, overrides: { data_dir: directory, server: { port: 0 }, logging: { level: 'error', requests: false } } }), {
  logger: silentLogger,
  environment: {},
  processMetrics: false,
});
const key = (await instance.services.accounts.createKey({ accountId: 'local', name: 'bench admin', isManagement: true, limitNano: null, limitReset: null })).key;
// Signed in as the browser is: the session cookie on every call.
const signIn = await fetch(`${instance.url}/api/v1/dashboard/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key }) });
const headers = { cookie: signIn.headers.get('set-cookie')!.split(';')[0]! };
const extent = await instance.services.analytics.extent();
const end = extent!.to;
const day = (offset: number) => new Date(end.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
const week = `from=${day(-7)}&to=${day(1)}`;
const month = `from=${day(-30)}&to=${day(1)}`;
const [firstPage] = [(await (await fetch(`${instance.url}/api/v1/dashboard/generations?${week}&limit=50`, { headers })).json()) as { data: { id: string }[]; next: string }];
const calls: [string, string][] = [
  ['baseline: GET /health', '/health'],
  ['session', '/api/v1/dashboard/session'],
  ['logs: newest 50, last 7 days', `/api/v1/dashboard/generations?${week}&limit=50`],
  ['logs: next page (cursor)', `/api/v1/dashboard/generations?${week}&limit=50&before=${encodeURIComponent(firstPage.next)}`],
  ['logs: filtered by model', `/api/v1/dashboard/generations?${week}&limit=50&model=openai/gpt-4o-mini`],
  ['logs: one generation by id', `/api/v1/dashboard/generations?${week}&limit=50&id=${firstPage.data[0]!.id}`],
  ['logs: detail', `/api/v1/dashboard/generations/${firstPage.data[0]!.id}`],
  ['logs: histogram, 7 days', `/api/v1/dashboard/generations/histogram?${week}`],
  ['activity: 30 days by day, by model', `/api/v1/dashboard/activity?${month}&rollup=day&group_by=model`],
  ['activity: 7 days by hour, by account', `/api/v1/dashboard/activity?${week}&rollup=hour&group_by=account`],
  ['models', '/api/v1/dashboard/models'],
  ['model endpoints', '/api/v1/models/openai/gpt-4o-mini/endpoints'],
  ['model series, 3 days', `/api/v1/dashboard/models/openai/gpt-4o-mini/series?from=${day(-3)}&to=${day(1)}`],
  ['rankings, week', '/api/v1/dashboard/rankings?period=week&by=model'],
  ['live', '/api/v1/dashboard/live'],
  ['keys', '/api/v1/keys'],
  ...Array.from({ length: 17 }, (_, index) => [`study A${index + 1} (whole log)`, `/api/v1/study/analyses/A${index + 1}?render=svg`] as [string, string]),
];
const results: { name: string; p50: number; p95: number }[] = [];
for (const [name, path] of calls) {
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const at = performance.now();
    const response = await fetch(`${instance.url}${path}`, { headers });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
    times.push(performance.now() - at);
  }
  times.sort((a, b) => a - b);
  results.push({ name, p50: times[Math.floor(times.length / 2)]!, p95: times[Math.min(times.length - 1, Math.ceil(times.length * 0.95) - 1)]! });
}
const baseline = results[0]!;
log(`\nAPI calls, ${rounds} rounds each over HTTP (p50 / p95 ms; ratio of p95 to the /health baseline's):`);
for (const result of results)
  log(
    `  ${result.name.padEnd(40)} ${result.p50.toFixed(1).padStart(8)} ${result.p95.toFixed(1).padStart(8)}  ${(result.p95 / baseline.p95).toFixed(0).padStart(5)}×${result.p95 > 300 ? '  over the 300 ms goal' : ''}`,
  );

// 3. Pages in Chromium.
if (existsSync('/usr/bin/chromium')) {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${instance.url}/sign-in`);
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
  const pages: [string, string, string][] = [
    ['home', '/', '.kpi-value'],
    ['activity', `/activity?${month}`, 'table.data tbody tr'],
    ['logs', `/logs?from=${day(-7)}&to=${day(1)}`, 'table.data tbody tr'],
    ['models', '/models', 'table.data tbody tr'],
    ['model page', '/models/openai/gpt-4o-mini', 'table.data tbody tr'],
    ['rankings', '/rankings', 'table.data'],
    ['study A1', '/study/A1', '.figure svg'],
    ['live', '/live', 'table.data tbody tr'],
  ];
  log('\npages in Chromium (first contentful paint / data on screen, ms; cold cache for the first page only):');
  for (const [name, path, ready] of pages) {
    const at = Date.now();
    await page.goto(`${instance.url}${path}`);
    await page.locator(ready).first().waitFor({ timeout: 60_000 });
    const loaded = Date.now() - at;
    const paint = await page.evaluate(
      () => (globalThis as unknown as { performance: { getEntriesByName(name: string): { startTime: number }[] } }).performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
    );
    log(`  ${name.padEnd(12)} ${paint === null ? '—' : paint.toFixed(0).padStart(6)} ${String(loaded).padStart(6)}${paint !== null && paint > 1000 ? '  first paint over the 1 s goal' : ''}`);
  }
  await browser.close();
} else {
  log('\n/usr/bin/chromium is missing: the page timings need Debian’s chromium (apt-get install chromium)');
}
await instance.close();
