import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toNanoDollars } from '../../src/accounting/pricing.js';
import { createClickHouseClient } from '../../src/storage/clickhouse/create-clickhouse-client.js';
import { SqliteControlPlaneStore } from '../../src/storage/control-plane/sqlite-control-plane-store.js';

/**
 * `switchboard serve --workers 2` in its own process: the workers share the port, and the limits,
 * the generation log and the balances stay one — 300 requests at once against limits covering 60
 * are held to them whichever worker serves each.
 */
const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const dataDirectory = mkdtempSync(join(tmpdir(), 'switchboard-cluster-'));
const metricsToken = 'cluster-metrics-token-0123456789';
const environment = {
  ...process.env,
  SWITCHBOARD_CONFIG: '',
  // A simulator taking ≈ 100 ms per answer, so that requests overlap across the workers.
  SWITCHBOARD__PROVIDERS: '[{kind: simulator, time_scale: 1, extra_endpoints: [], latency_ms: {median: 100, spread: 0}, throughput: {median: 5000, spread: 0}}]',
  SWITCHBOARD__LOGGING__REQUESTS: 'false',
  SWITCHBOARD__AUTH__ANONYMOUS: 'false',
  SWITCHBOARD__GENERATION_LOG__FLUSH_INTERVAL_MS: '50',
  SWITCHBOARD__METRICS__TOKEN: metricsToken,
};
let child: ChildProcess;
let url = '';
/** Every generation a request was answered with, by either worker. */
const answered = new Set<string>();

function cli(...args: string[]): string {
  return execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args, '--data-dir', dataDirectory], { cwd: root, env: environment, encoding: 'utf8' })
    .trim()
    .split('\n')
    .at(-1)!;
}

beforeAll(async () => {
  child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--data-dir', dataDirectory, '--port', '0', '--workers', '2'], {
    cwd: root,
    env: environment,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  url = await new Promise<string>((resolveStart, rejectStart) => {
    let output = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)\/api\/v1/.exec(output);
      if (match) resolveStart(match[1]!);
    });
    child.once('exit', (code) => rejectStart(new Error(`cluster exited with ${code}: ${output}`)));
  });
}, 60_000);
afterAll(() => {
  if (child.exitCode === null) child.kill('SIGKILL');
});

const body = JSON.stringify({ model: 'openai/gpt-4o-mini', max_tokens: 20, min_tokens: 20, messages: [{ role: 'user', content: 'Count to twenty.' }] });
async function fire(key: string, count: number): Promise<{ status: number; body: Record<string, any>; headers: Headers }[]> {
  return Promise.all(
    Array.from({ length: count }, async () => {
      const response = await fetch(`${url}/api/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body });
      const answer = { status: response.status, body: (await response.json()) as Record<string, any>, headers: response.headers };
      if (answer.status === 200) answered.add(answer.body.id as string);
      return answer;
    }),
  );
}

describe('switchboard serve --workers 2', () => {
  it('serves from both workers', async () => {
    const workers = new Set<number>();
    for (let attempt = 0; attempt < 40 && workers.size < 2; attempt++) {
      const answers = await Promise.all(Array.from({ length: 8 }, async () => (await (await fetch(`${url}/health`)).json()) as { worker: number }));
      for (const answer of answers) workers.add(answer.worker);
    }
    expect([...workers].sort()).toEqual([1, 2]);
  });

  it('holds requests per minute across workers: 60 of 300 simultaneous requests pass, the rest get 429', async () => {
    const key = cli('keys', 'create', '--name', 'rpm', '--rpm', '60', '--account', 'local');
    const answers = await fire(key, 300);
    const counts = { ok: answers.filter((answer) => answer.status === 200).length, limited: answers.filter((answer) => answer.status === 429).length };
    expect(counts).toEqual({ ok: 60, limited: 240 });
    for (const answer of answers.filter((item) => item.status === 429)) expect(answer.headers.get('x-ratelimit-remaining')).toBe('0');
  });

  it('stores every answer of both workers once, though their queues hold records of the same sizes at the same offsets', { timeout: 60_000 }, async () => {
    const key = cli('keys', 'create', '--name', 'waves', '--account', 'local');
    // Waves of equal-sized records, spread over both workers and over many writer batches.
    for (let wave = 0; wave < 25; wave++) {
      const answers = await fire(key, 6);
      expect(answers.every((answer) => answer.status === 200)).toBe(true);
      await new Promise((resolveWait) => setTimeout(resolveWait, 60));
    }
    expect(answered.size).toBeGreaterThanOrEqual(150);
  });

  it('one scrape of /metrics sees every worker (prom-client cluster aggregation)', { timeout: 60_000 }, async () => {
    const chatRequests = async () => {
      const text = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } })).text();
      return [...text.matchAll(/^switchboard_requests_total\{route="\/api\/v1\/chat\/completions",status="\d+"\} (\d+)$/gm)].reduce((sum, match) => sum + Number(match[1]), 0);
    };
    const key = cli('keys', 'create', '--name', 'metrics', '--account', 'local');
    const before = await chatRequests();
    const answers = await fire(key, 40);
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    // Whichever worker answers each scrape, it reports both workers' requests.
    for (let scrape = 0; scrape < 4; scrape++) expect(await chatRequests()).toBe(before + 40);
  });

  it('holds a key credit limit across workers and keeps one exact log and balance', { timeout: 60_000 }, async () => {
    const probe = cli('keys', 'create', '--name', 'probe', '--limit', '0.000000001', '--account', 'local');
    const [refused] = await fire(probe, 1);
    expect(refused!.status).toBe(402);
    const reservedNano = toNanoDollars(refused!.body.error.metadata.required);
    const limitUsd = (40 * reservedNano) / 1e9;
    const key = cli('keys', 'create', '--name', 'limited', '--limit', String(limitUsd), '--account', 'local');
    const answers = await fire(key, 300);
    const served = answers.filter((answer) => answer.status === 200);
    expect(answers.every((answer) => answer.status === 200 || answer.status === 402)).toBe(true);
    expect(served.length).toBeGreaterThanOrEqual(40);
    const spentNano = served.reduce((sum, answer) => sum + toNanoDollars(answer.body.usage.cost), 0);
    expect(spentNano).toBeLessThanOrEqual(toNanoDollars(limitUsd));
    // Any worker finds any generation.
    for (const answer of served.slice(0, 10)) {
      const lookup = await fetch(`${url}/api/v1/generation?id=${answer.body.id}`, { headers: { authorization: `Bearer ${key}` } });
      expect(lookup.status).toBe(200);
    }
    // A clean stop drains both workers' queues: one record per answered request, usage = their cost.
    child.kill('SIGTERM');
    await new Promise((resolveExit) => child.once('exit', resolveExit));
    expect(child.exitCode).toBe(0);
    const client = createClickHouseClient({ kind: 'chdb', path: join(dataDirectory, 'generation-store') });
    const [row] = (await (await client.query({ query: 'SELECT count() AS rows, uniqExact(id) AS ids, sum(total_cost_nano) AS cost FROM generations', format: 'JSONEachRow' })).json()) as {
      rows: number;
      ids: number;
      cost: number;
    }[];
    const stored = new Set(((await (await client.query({ query: 'SELECT id FROM generations', format: 'JSONEachRow' })).json()) as { id: string }[]).map((item) => item.id));
    await client.close();
    expect(Number(row!.rows)).toBe(Number(row!.ids));
    // Every answered generation is there (with tokens of the same bytes in both queues, some were dropped before).
    expect([...answered].filter((id) => !stored.has(id))).toEqual([]);
    const controlPlane = new SqliteControlPlaneStore(join(dataDirectory, 'control-plane.sqlite'));
    expect((await controlPlane.getAccount('local'))!.usageNano).toBe(Number(row!.cost));
    await controlPlane.close();
  });
});
