import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { Client } from 'undici';
import { startPostgresServer } from '../../test/helpers/postgres-server.js';
import { startRedisServer } from '../../test/helpers/redis-server.js';
import { type BenchProcess, startProcess } from '../gateway/bench-process.js';
import { chatBody, type LatencySample, type LoadResult, load, percentile } from '../gateway/measure.js';
import { benchEnvironment, benchModel, root, startUpstream, type Target } from '../gateway/targets.js';

/**
 * npm run bench:cluster — one embedded node (SQLite, counters in process, chDB) against nodes on
 * PostgreSQL and Redis (one node, then three), in the same run, against the same instant upstream:
 * throughput at saturation (the load spread evenly over the nodes), latency at concurrency 1 (each
 * request to the next node), and what each request asks of Redis (from Redis's own command counts).
 * Every process shares this machine: on few cores more nodes mean less CPU each.
 */

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '48' },
    requests: { type: 'string', default: '1000' },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const requests = Number(values.requests);
const log = (line: string) => process.stderr.write(`${line}\n`);
const cli = join(root, 'dist/cli/main.js');

interface Deployment {
  name: string;
  targets: Target[];
  stop(): Promise<void>;
}

async function startNodes(name: string, count: number, upstream: BenchProcess, extra: Record<string, string>): Promise<Deployment> {
  const directories = Array.from({ length: count }, () => mkdtempSync(join(tmpdir(), 'switchboard-cluster-bench-')));
  const env = benchEnvironment(upstream, extra);
  const key = execFileSync(process.execPath, [cli, 'keys', 'create', '--data-dir', directories[0]!, '--name', 'bench', '--account', 'local'], { env: { ...process.env, ...env }, encoding: 'utf8' })
    .trim()
    .split('\n')
    .at(-1)!;
  const processes = await Promise.all(
    directories.map((directory, index) =>
      startProcess(process.execPath, [cli, 'serve', '--data-dir', directory, '--port', '0'], {
        cwd: root,
        env: { ...env, SWITCHBOARD__NODE_ID: `bench-${index}` },
        ready: /listening on http:\/\/127\.0\.0\.1:(\d+)\/api\/v1/,
      }),
    ),
  );
  return {
    name,
    targets: processes.map((gateway, index) => ({
      name: `${name} #${index}`,
      url: `http://127.0.0.1:${gateway.port}/api/v1/chat/completions`,
      headers: { authorization: `Bearer ${key}` },
      model: benchModel,
      process: gateway,
    })),
    stop: async () => {
      await Promise.all(processes.map((gateway) => gateway.stop()));
      for (const directory of directories) rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** One request at a time, each to the next node, over keep-alive connections. */
async function latency(targets: Target[], count: number, warmup: number): Promise<LatencySample> {
  const clients = targets.map((target) => ({ target, url: new URL(target.url), client: new Client(new URL(target.url).origin, { keepAliveTimeout: 60_000, pipelining: 1 }) }));
  const body = chatBody(benchModel, false);
  const times: number[] = [];
  try {
    for (let index = 0; index < warmup + count; index++) {
      const { target, url, client } = clients[index % clients.length]!;
      const started = process.hrtime.bigint();
      const response = await client.request({ method: 'POST', path: url.pathname, headers: { 'content-type': 'application/json', ...target.headers }, body });
      const text = await response.body.text();
      if (response.statusCode !== 200) throw new Error(`${target.name} answered ${response.statusCode}: ${text}`);
      if (index >= warmup) times.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  } finally {
    for (const { client } of clients) await client.close();
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 0.5), p99: percentile(times, 0.99), samples: times.length };
}

/** CPU seconds a process and its children used so far (utime + stime + cutime + cstime, from /proc). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / 100;
}

/** Saturation: the connections split evenly over the nodes, all loaded at once. */
async function saturation(targets: Target[]): Promise<LoadResult> {
  const each = Math.max(1, Math.round(connections / targets.length));
  const results = await Promise.all(targets.map((target) => load(target, { seconds, connections: each })));
  return {
    requestsPerSecond: results.reduce((sum, result) => sum + result.requestsPerSecond, 0),
    p50: Math.max(...results.map((result) => result.p50)),
    p99: Math.max(...results.map((result) => result.p99)),
    failures: results.reduce((sum, result) => sum + result.failures, 0),
    total: results.reduce((sum, result) => sum + result.total, 0),
  };
}

/** Redis's own count of the commands it ran, by command. */
async function commandCounts(redis: Redis): Promise<Map<string, number>> {
  const text = `${await redis.info('commandstats')}\n${await redis.info('stats')}`;
  const counts = new Map<string, number>();
  // Socket reads by the server: commands a client sends together (pipelined) arrive in one — about one per round trip.
  const reads = /^total_reads_processed:(\d+)/m.exec(text);
  if (reads) counts.set('(reads)', Number(reads[1]));
  for (const match of text.matchAll(/^cmdstat_([a-z|]+):calls=(\d+)/gm)) counts.set(match[1]!, Number(match[2]));
  return counts;
}

interface Row {
  name: string;
  nodes: number;
  latency: LatencySample;
  saturation: LoadResult;
  redisPerRequest: Record<string, number> | null;
}

async function measure(deployment: Deployment, redis: Redis | null): Promise<Row> {
  log(`\n${deployment.name}: ${deployment.targets.map((target) => target.url).join(', ')}`);
  const sample = await latency(deployment.targets, requests, 200);
  log(`  concurrency 1: p50 ${sample.p50.toFixed(3)} ms, p99 ${sample.p99.toFixed(3)} ms`);
  if (deployment.targets.length > 1) {
    const one = await latency(deployment.targets.slice(0, 1), requests, 200);
    log(`  concurrency 1, every request to the first node: p50 ${one.p50.toFixed(3)} ms, p99 ${one.p99.toFixed(3)} ms`);
  }
  const cpu = deployment.targets.map((target) => cpuSeconds(target.process.child.pid!));
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  log(`  CPU of each idle node over 5 s: ${deployment.targets.map((target, index) => `${(((cpuSeconds(target.process.child.pid!) - cpu[index]!) / 5) * 100).toFixed(1)}%`).join(', ')}`);
  const before = redis ? await commandCounts(redis) : null;
  const result = await saturation(deployment.targets);
  const after = redis ? await commandCounts(redis) : null;
  log(`  saturation (${connections} connections over ${deployment.targets.length} node(s)): ${Math.round(result.requestsPerSecond)} req/s, p99 ${result.p99} ms, failures ${result.failures}`);
  let redisPerRequest: Record<string, number> | null = null;
  if (before && after) {
    redisPerRequest = {};
    for (const [command, calls] of after) {
      const delta = calls - (before.get(command) ?? 0);
      // The bench's own INFO calls (two commands, two reads) are not the nodes'.
      const own = command === 'info' ? delta : command === '(reads)' ? 2 : 0;
      if (delta - own > 0) redisPerRequest[command] = (delta - own) / result.total;
    }
    log(`  Redis commands per request: ${JSON.stringify(redisPerRequest)}`);
  }
  return { name: deployment.name, nodes: deployment.targets.length, latency: sample, saturation: result, redisPerRequest };
}

async function main(): Promise<void> {
  log(`bench:cluster on ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
  log(`load generator, upstream, PostgreSQL, Redis and every node share the machine; ${seconds} s per load run, ${connections} connections`);
  const upstream = await startUpstream();
  const postgres = await startPostgresServer();
  const redisServer = await startRedisServer();
  const redis = new Redis(redisServer.url);
  const rows: Row[] = [];
  try {
    const embedded = await startNodes('one embedded node', 1, upstream, {});
    try {
      rows.push(await measure(embedded, null));
    } finally {
      await embedded.stop();
    }
    for (const count of [1, 3]) {
      const database = await postgres.createDatabase(`bench_${count}`);
      await redis.flushall();
      const shared = await startNodes(`${count} node${count > 1 ? 's' : ''} on PostgreSQL + Redis`, count, upstream, {
        BENCH_POSTGRES_URL: database,
        BENCH_REDIS_URL: redisServer.url,
        SWITCHBOARD__CONTROL_PLANE__STORE: 'postgres',
        SWITCHBOARD__CONTROL_PLANE__POSTGRES__URL_ENV: 'BENCH_POSTGRES_URL',
        SWITCHBOARD__SHARED_LIMITS__STORE: 'redis',
        SWITCHBOARD__SHARED_LIMITS__REDIS__URL_ENV: 'BENCH_REDIS_URL',
      });
      try {
        rows.push(await measure(shared, redis));
      } finally {
        await shared.stop();
      }
    }
  } finally {
    redis.disconnect();
    await Promise.all([upstream.stop(), postgres.stop(), redisServer.stop()]);
  }

  const base = rows[0]!;
  // What a node sends Redis itself; everything else in Redis's counts runs inside those scripts.
  const topLevel = new Set(['evalsha', 'eval', 'publish', 'ping', 'subscribe', '(reads)']);
  const header = [
    'deployment',
    'p50 c=1 (ms)',
    'added p50 vs embedded (ms)',
    'p99 c=1 (ms)',
    'req/s at saturation',
    'vs embedded',
    'failures',
    'Redis round trips per request',
    'Redis scripts per request',
    'other commands sent per request',
    'calls inside the scripts per request',
  ];
  const lines = rows.map((row) => {
    const counts = Object.entries(row.redisPerRequest ?? {});
    const scripts = counts.filter(([command]) => command === 'evalsha' || command === 'eval').reduce((sum, [, perRequest]) => sum + perRequest, 0);
    const sent = counts.filter(([command]) => topLevel.has(command) && command !== 'evalsha' && command !== 'eval' && command !== '(reads)');
    const reads = row.redisPerRequest?.['(reads)'];
    const inside = counts.filter(([command]) => !topLevel.has(command)).reduce((sum, [, perRequest]) => sum + perRequest, 0);
    return [
      row.name,
      row.latency.p50.toFixed(3),
      row === base ? '—' : (row.latency.p50 - base.latency.p50).toFixed(3),
      row.latency.p99.toFixed(3),
      String(Math.round(row.saturation.requestsPerSecond)),
      `${(row.saturation.requestsPerSecond / base.saturation.requestsPerSecond).toFixed(2)}×`,
      String(row.saturation.failures),
      reads === undefined ? '—' : reads.toFixed(3),
      row.redisPerRequest ? scripts.toFixed(3) : '—',
      row.redisPerRequest ? sent.map(([command, perRequest]) => `${command} ${perRequest.toFixed(3)}`).join(', ') || '0' : '—',
      row.redisPerRequest ? inside.toFixed(1) : '—',
    ];
  });
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
  const format = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  process.stdout.write(`\n${[format(header), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...lines.map(format)].join('\n')}\n`);
  process.stdout.write(
    "Round trips: socket reads by the Redis server per request (commands sent together arrive in one). A request waits for one script before the upstream call (rate windows + reservation); its settlement waits up to 2 ms and travels with the account's next admission on that node (or alone), batched with others; a key is re-read every 5 s per node (one more script); a ping a second per node; the node bus publishes endpoint outcomes every 100 ms.\n",
  );
  const output = join(root, '.bench', 'results');
  mkdirSync(output, { recursive: true });
  const file = join(output, `cluster-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ machine: { cores: cpus().length, cpu: cpus()[0]?.model, node: process.version }, settings: { seconds, connections, requests }, rows }, null, 2));
  process.stdout.write(`results: ${file}\n`);
}

await main();
