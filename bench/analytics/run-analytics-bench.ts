import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { analyses as analysisRegistry } from '../../src/analytics/analyses/analysis-registry.js';
import { AnalyticsStore } from '../../src/analytics/analytics-store.js';
import { runReport } from '../../src/analytics/report/run-report.js';
import { ModelCatalog } from '../../src/catalog/model-catalog.js';
import { silentLogger } from '../../src/observability/logger.js';
import { generateStudyWorkload } from '../../src/simulation/workload/generate-study-workload.js';
import { SqliteControlPlaneStore } from '../../src/storage/control-plane/sqlite-control-plane-store.js';
import { ClickHouseGenerationStore } from '../../src/storage/generation-log/clickhouse-generation-store.js';
import { FileDurableQueue } from '../../src/storage/durable-queue/file-durable-queue.js';
import { GenerationLogWriter } from '../../src/storage/generation-log/generation-log-writer.js';
import { rollups } from '../../src/storage/generation-log/rollup-tables.js';
import { encodeUsageEvent } from '../../src/storage/generation-log/usage-events/usage-event.js';
import { baseEvents, replicaFrames } from './replica-events.js';

/**
 * npm run bench:analytics — N generation records (default 10 million; --records 100000000 for
 * 100 million) through the durable queue into the embedded store, then the whole study report.
 *
 * The calibrated workload generator makes up to a million distinct records (a year of traffic);
 * beyond that, copies of them with new generation ids and new account ids (so the number of
 * users grows with N) make up the rest. Ingestion is timed from the first append to the queue
 * until the writer has delivered the last record to the store and its usage to the control plane.
 */

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '10000000' },
    'base-records': { type: 'string', default: '1000000' },
    'batch-size': { type: 'string', default: '200000' },
    seed: { type: 'string', default: '7' },
    keep: { type: 'boolean', default: false },
  },
});
const total = Number(values.records);
const baseCount = Math.min(total, Number(values['base-records']));
const batchSize = Number(values['batch-size']);
/** Most records appended but not yet in the store (≈ 3 GB of queue at 585 bytes a record). */
const maxBacklog = 5_000_000;
const log = (line: string) => process.stderr.write(`${line}\n`);
const seconds = (milliseconds: number) => (milliseconds / 1000).toFixed(2);

async function main(): Promise<void> {
  const directory = mkdtempSync(join(tmpdir(), 'switchboard-analytics-bench-'));
  log(`bench:analytics on ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; data in ${directory}`);

  // 1. The records: the calibrated year, then copies.
  const generationStarted = performance.now();
  const base: Buffer[] = [];
  await generateStudyWorkload({ records: baseCount, seed: Number(values.seed) }, ModelCatalog.load(), async (batch) => {
    for (const record of batch) base.push(encodeUsageEvent(record));
  });
  const events = baseEvents(base);
  const generationMs = performance.now() - generationStarted;
  log(`generated ${base.length.toLocaleString('en-US')} distinct records in ${seconds(generationMs)} s`);

  // 2. Ingestion: queue → writer → chDB (and usage → SQLite), running together.
  const store = ClickHouseGenerationStore.open({ kind: 'chdb', path: join(directory, 'generation-store') });
  const client = store.client;
  await store.migrate();
  const queueDirectory = join(directory, 'generation-queue');
  const queue = await FileDurableQueue.open(queueDirectory, { contents: 'usage-events', sync: 'write' });
  const controlPlane = new SqliteControlPlaneStore(join(directory, 'control-plane.sqlite'));
  const writer = new GenerationLogWriter({
    queue,
    queueIdentity: 'bench/gateway',
    directory: queueDirectory,
    store,
    controlPlane,
    logger: silentLogger,
    batchSize,
    flushIntervalMs: 50,
    cursorName: 'usage-events/gateway',
  });
  await writer.start();
  const storedRows = async () => {
    const [row] = (await (await client.query({ query: 'SELECT count() AS rows FROM generations', format: 'JSONEachRow' })).json()) as { rows: number }[];
    return Number(row?.rows ?? 0);
  };
  const ingestStarted = performance.now();
  let appended = 0;
  let lastReport = ingestStarted;
  /** One buffer for every chunk of frames (the queue is done with it once the append resolves). */
  const scratch = { buffer: Buffer.alloc(0) };
  while (appended < total) {
    // A bulk load: twenty thousand framed records per append.
    const count = Math.min(total, appended + 20_000) - appended;
    const frames = replicaFrames(events, appended, count, scratch);
    appended += count;
    await queue.appendFramed(frames);
    // Backpressure: appends outrun the writer about threefold; keep the backlog (and the disk it takes) bounded.
    if (appended % 1_000_000 === 0) {
      while (appended - (await storedRows()) > maxBacklog) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    if (performance.now() - lastReport > 5000) {
      lastReport = performance.now();
      log(`  appended ${appended.toLocaleString('en-US')} (${Math.round(appended / ((lastReport - ingestStarted) / 1000)).toLocaleString('en-US')} per second)`);
    }
  }
  const appendedMs = performance.now() - ingestStarted;
  await writer.stop();
  const ingestMs = performance.now() - ingestStarted;
  const stored = await store.count();
  log(`ingested ${stored.rows.toLocaleString('en-US')} records in ${seconds(ingestMs)} s (queue appends done after ${seconds(appendedMs)} s)`);
  if (stored.rows !== total || stored.distinctIds !== total) throw new Error(`expected ${total} records, the store holds ${stored.rows} (${stored.distinctIds} distinct)`);

  // 3. Size on disk.
  const [parts] = (await (
    await client.query({ query: 'SELECT sum(bytes_on_disk) AS bytes, sum(rows) AS rows FROM system.parts WHERE active AND database = currentDatabase()', format: 'JSONEachRow' })
  ).json()) as { bytes: string }[];
  const storeBytes = Number(parts?.bytes ?? 0);
  const duBytes = Number(execFileSync('du', ['-sb', join(directory, 'generation-store')], { encoding: 'utf8' }).split('\t')[0]);

  // 4. chDB's own INSERT … SELECT of the same rows, the engine's ceiling for the same data: into a
  // table like `generations` (same columns, engine and sorting key, no rollup views), and into
  // `generations` itself with its rollup views (what ingestion feeds), from a snapshot of its rows.
  const timeInsert = async (query: string) => {
    const started = performance.now();
    await client.command({ query, clickhouse_settings: { optimize_on_insert: 0, insert_deduplicate: 0 } });
    return performance.now() - started;
  };
  await client.command({ query: 'CREATE TABLE generations_copy AS generations' });
  const copyMs = await timeInsert('INSERT INTO generations_copy SELECT * FROM generations');
  await client.command({ query: 'DROP TABLE generations_copy SYNC' });
  const copyPerSecond = total / (copyMs / 1000);
  log(`chDB's own INSERT … SELECT of the same rows into a copy of the table (no views): ${seconds(copyMs)} s = ${Math.round(copyPerSecond).toLocaleString('en-US')} records/s`);
  await client.command({ query: 'CREATE TABLE generations_snapshot AS generations ENGINE = MergeTree ORDER BY tuple()' });
  await client.command({ query: 'INSERT INTO generations_snapshot SELECT * FROM generations' });
  for (const table of ['generations', ...rollups.map((rollup) => rollup.table)]) await client.command({ query: `TRUNCATE TABLE ${table}` });
  const viewsMs = await timeInsert('INSERT INTO generations SELECT * FROM generations_snapshot');
  await client.command({ query: 'DROP TABLE generations_snapshot SYNC' });
  const viewsPerSecond = total / (viewsMs / 1000);
  if ((await store.count()).rows !== total) throw new Error('the re-inserted table does not hold every record');
  log(`chDB's own INSERT … SELECT of the same rows into generations with its rollup views: ${seconds(viewsMs)} s = ${Math.round(viewsPerSecond).toLocaleString('en-US')} records/s`);

  // 5. The study report, twice (the second with the operating system's caches warm), once the
  // engine's background merges of the fresh parts have settled (at most two minutes).
  const settleStarted = performance.now();
  for (let waited = 0; waited < 120; waited++) {
    const [merging] = (await (await client.query({ query: 'SELECT count() AS merges FROM system.merges', format: 'JSONEachRow' })).json()) as { merges: string }[];
    if (Number(merging?.merges ?? 0) === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  const settleMs = performance.now() - settleStarted;
  log(`background merges settled after ${seconds(settleMs)} s`);
  const analytics = new AnalyticsStore(client);
  const extent = (await analytics.extent())!;
  const reports = [];
  let slowest: { sql: string; milliseconds: number }[] = [];
  for (let run = 0; run < 2; run++) {
    analytics.timings.length = 0;
    const report = await runReport({ store: analytics, storeDescription: 'chDB (embedded)', period: { from: extent.from, to: extent.to }, analyses: analysisRegistry });
    reports.push(report);
    slowest = [...analytics.timings].sort((a, b) => b.milliseconds - a.milliseconds);
    log(`report run ${run + 1}: ${seconds(report.milliseconds)} s`);
  }
  await queue.close();
  await controlPlane.close();
  await client.close();

  const [first, second] = reports as [Awaited<ReturnType<typeof runReport>>, Awaited<ReturnType<typeof runReport>>];
  const perSecond = total / (ingestMs / 1000);
  const out: string[] = [];
  out.push(`records: ${total.toLocaleString('en-US')} (${base.length.toLocaleString('en-US')} generated, the rest copies)`);
  out.push(`generation: ${seconds(generationMs)} s (not part of ingestion)`);
  out.push(`ingestion: ${seconds(ingestMs)} s = ${Math.round(perSecond).toLocaleString('en-US')} records/s (queue → writer → chDB + control plane; writer batch ${batchSize.toLocaleString('en-US')})`);
  out.push(
    `chDB's own INSERT … SELECT of the same rows into generations with its rollup views: ${seconds(viewsMs)} s = ${Math.round(viewsPerSecond).toLocaleString('en-US')} records/s; ingestion reaches ${((100 * perSecond) / viewsPerSecond).toFixed(1)}% of it`,
  );
  out.push(
    `chDB's own INSERT … SELECT of the same rows into a copy of the table without views: ${seconds(copyMs)} s = ${Math.round(copyPerSecond).toLocaleString('en-US')} records/s; ingestion reaches ${((100 * perSecond) / copyPerSecond).toFixed(1)}% of it`,
  );
  out.push(`store on disk: ${(storeBytes / 2 ** 20).toFixed(0)} MiB in active parts, ${(duBytes / 2 ** 20).toFixed(0)} MiB in its directory (${(storeBytes / total).toFixed(1)} bytes per record)`);
  out.push(`full report (A1–A17): ${seconds(first.milliseconds)} s, again ${seconds(second.milliseconds)} s`);
  out.push('');
  out.push('| analysis | first run (ms) | second run (ms) |');
  out.push('|---|---|---|');
  for (const [index, timing] of first.timings.entries()) out.push(`| ${timing.id} | ${timing.milliseconds.toFixed(0)} | ${second.timings[index]!.milliseconds.toFixed(0)} |`);
  out.push('');
  out.push(`slowest queries of the second run (of ${slowest.length}):`);
  for (const query of slowest.slice(0, 8)) out.push(`  ${query.milliseconds.toFixed(0).padStart(5)} ms  ${query.sql.replace(/\s+/g, ' ').slice(0, 150)}`);
  process.stdout.write(`${out.join('\n')}\n`);

  const results = join(root, '.bench', 'results');
  mkdirSync(results, { recursive: true });
  const file = join(results, `analytics-${total}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      {
        machine: { cores: cpus().length, cpu: cpus()[0]?.model, memoryGiB: totalmem() / 2 ** 30, node: process.version },
        records: total,
        generatedRecords: base.length,
        generationMs,
        ingestMs,
        recordsPerSecond: perSecond,
        engineInsertSelectWithViewsMs: viewsMs,
        engineInsertSelectWithViewsRecordsPerSecond: viewsPerSecond,
        engineInsertSelectCopyMs: copyMs,
        engineInsertSelectCopyRecordsPerSecond: copyPerSecond,
        mergeSettleMs: settleMs,
        storeBytes,
        directoryBytes: duBytes,
        reports: reports.map((report) => ({ milliseconds: report.milliseconds, timings: report.timings })),
      },
      null,
      2,
    ),
  );
  process.stdout.write(`results: ${file}\n`);
  if (!values.keep) rmSync(directory, { recursive: true, force: true });
}

await main();
