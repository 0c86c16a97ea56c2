import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountDirectory } from '../../src/accounts/account-directory.js';
import { toNanoDollars } from '../../src/accounting/pricing.js';
import { createClickHouseClient } from '../../src/storage/clickhouse/create-clickhouse-client.js';
import { PostgresControlPlaneStore } from '../../src/storage/control-plane/postgres-control-plane-store.js';
import { FakeUpstream } from '../helpers/fake-upstream.js';
import { type PostgresServer, startPostgresServer } from '../helpers/postgres-server.js';
import { type RedisServer, startRedisServer } from '../helpers/redis-server.js';

/**
 * Three gateway processes, each with its own data directory (its durable queue and its embedded
 * generation log), on one PostgreSQL control plane and one Redis for the shared counters: the
 * layout of docs/deployment.md, as processes (Docker cannot run here).
 */
const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));

interface GatewayNode {
  name: string;
  dataDirectory: string;
  child: ChildProcess;
  url: string;
  /** What the node wrote to stderr (its JSON log), for a failure's message. */
  log: () => string;
}

let postgres: PostgresServer;
let redis: RedisServer;
let databaseUrl: string;
const flaky = new FakeUpstream(() => ({ kind: 'json', status: 500, body: { error: { message: 'boom' } } }));
const nodes: GatewayNode[] = [];
const directories: string[] = [];
let management = '';
let ordinary = '';

/** The environment of a node (and of the CLI run beside them): PostgreSQL, Redis, the providers. */
function nodeEnvironment(name: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    SWITCHBOARD_CONFIG: '',
    NODES_POSTGRES_URL: databaseUrl,
    NODES_REDIS_URL: redis.url,
    SWITCHBOARD__NODE_ID: name,
    SWITCHBOARD__PROVIDERS: `[{kind: simulator, time_scale: 0}, {kind: openai-compatible, id: flaky, name: Flaky, base_url: '${flaky.url}', models: [{id: qwen/qwen-2.5-7b-instruct}]}]`,
    SWITCHBOARD__CONTROL_PLANE__STORE: 'postgres',
    SWITCHBOARD__CONTROL_PLANE__POSTGRES__URL_ENV: 'NODES_POSTGRES_URL',
    SWITCHBOARD__SHARED_LIMITS__STORE: 'redis',
    SWITCHBOARD__SHARED_LIMITS__REDIS__URL_ENV: 'NODES_REDIS_URL',
    SWITCHBOARD__ROUTING__CIRCUIT_BREAKER__FAILURE_THRESHOLD: '3',
    SWITCHBOARD__ROUTING__CIRCUIT_BREAKER__OPEN_MS: '60000',
    SWITCHBOARD__AUTH__ANONYMOUS: 'false',
    SWITCHBOARD__LOGGING__REQUESTS: 'false',
    SWITCHBOARD__GENERATION_LOG__FLUSH_INTERVAL_MS: '20',
    SWITCHBOARD__GENERATION_LOG__ENGINE_PROCESS: 'gateway',
    SWITCHBOARD__OBSERVATORY__DETECT_LANGUAGE: 'false',
    SWITCHBOARD__OBSERVATORY__SAMPLE_RATE: '0',
  };
}

function startNode(name: string, dataDirectory: string): Promise<GatewayNode> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--data-dir', dataDirectory, '--port', '0'], {
    cwd: root,
    env: nodeEnvironment(name),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const started = Date.now();
  return new Promise((resolveStart, rejectStart) => {
    let output = '';
    // A node that does not listen in time fails the set-up with what it said (a slow machine, or a hang, tells itself apart).
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      rejectStart(new Error(`node ${name} did not listen within 150 s: ${output.slice(-3_000) || '(nothing on stderr)'}`));
    }, 150_000);
    let listening = false;
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = listening ? null : /listening on (http:\/\/\S+)\/api\/v1/.exec(output);
      if (match) {
        listening = true;
        clearTimeout(timer);
        console.log(`${name} listening after ${Date.now() - started} ms`);
        resolveStart({ name, dataDirectory, child, url: match[1]!, log: () => output });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      rejectStart(new Error(`node ${name} exited with ${code}: ${output.slice(-3_000)}`));
    });
  });
}

function stopped(child: ChildProcess): Promise<void> {
  return new Promise((resolveExit) => (child.exitCode !== null || child.signalCode !== null ? resolveExit() : child.once('exit', () => resolveExit())));
}

async function chat(node: GatewayNode, key: string, body: Record<string, unknown> = {}): Promise<{ status: number; body: any; id: string | null }> {
  const response = await fetch(`${node.url}/api/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'openai/gpt-4o-mini', max_tokens: 5, min_tokens: 5, messages: [{ role: 'user', content: 'Say hello to the cluster' }], ...body }),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: response.status, body: parsed, id: response.headers.get('x-generation-id') };
}

async function withControlPlane<T>(work: (store: PostgresControlPlaneStore, accounts: AccountDirectory) => Promise<T>): Promise<T> {
  const store = await PostgresControlPlaneStore.open(databaseUrl, { maxConnections: 2 });
  try {
    return await work(store, new AccountDirectory(store));
  } finally {
    await store.close();
  }
}

async function createKey(accountId: string, options: { limitNano?: number; requestsPerMinute?: number } = {}): Promise<{ key: string; hash: string }> {
  return withControlPlane(async (_, accounts) => {
    const created = await accounts.createKey({
      accountId,
      name: 'multi-node test',
      isManagement: false,
      limitNano: options.limitNano ?? null,
      limitReset: null,
      requestsPerMinute: options.requestsPerMinute ?? null,
    });
    return { key: created.key, hash: created.record.hash };
  });
}

/** Waits until every node's queue has delivered its usage to the control plane (the account's usage stops moving and equals `expected`). */
async function accountUsage(accountId: string, expected: number): Promise<number> {
  let usage = -1;
  for (let attempt = 0; attempt < 100; attempt++) {
    usage = await withControlPlane(async (store) => (await store.getAccount(accountId))!.usageNano);
    if (usage === expected) return usage;
    await new Promise((resolveWait) => setTimeout(resolveWait, 100));
  }
  return usage;
}

beforeAll(async () => {
  [postgres, redis] = await Promise.all([startPostgresServer(), startRedisServer(), flaky.start()]);
  databaseUrl = await postgres.createDatabase('nodes');
  await withControlPlane(async (store, accounts) => {
    for (const [id, credits] of [
      ['acme', 1_000],
      ['spender', 100],
      ['burst', 1_000],
    ] as const) {
      await store.createAccount({ id, name: id });
      await store.addCredits(id, toNanoDollars(credits), 'purchase');
    }
    management = (await accounts.createKey({ accountId: 'acme', name: 'admin', isManagement: true, limitNano: null, limitReset: null })).key;
    ordinary = (await accounts.createKey({ accountId: 'acme', name: 'everyday', isManagement: false, limitNano: null, limitReset: null })).key;
  });
  for (const name of ['node-a', 'node-b', 'node-c']) directories.push(mkdtempSync(join(tmpdir(), `switchboard-${name}-`)));
  nodes.push(...(await Promise.all(['node-a', 'node-b', 'node-c'].map((name, index) => startNode(name, directories[index]!)))));
}, 240_000);

afterAll(async () => {
  for (const node of nodes) if (node.child.exitCode === null && node.child.signalCode === null) node.child.kill('SIGKILL');
  await Promise.all(nodes.map((node) => stopped(node.child)));
  await Promise.all([postgres?.stop(), redis?.stop(), flaky.stop()]);
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
}, 60_000);

describe('three gateway nodes on one PostgreSQL and one Redis', () => {
  it('600 simultaneous requests over the nodes never spend past a key limit that covers 100; key usage = ledger = the responses’ costs', { timeout: 120_000 }, async () => {
    const [a] = nodes;
    // One request prices a generation (min_tokens = max_tokens: every generation costs the same).
    const probe = await chat(a!, ordinary);
    expect(probe.status).toBe(200);
    const each = toNanoDollars(probe.body.usage.cost);
    expect(each).toBeGreaterThan(0);
    const limitNano = 100 * each;
    const { key, hash } = await createKey('spender', { limitNano });

    const answers = await Promise.all(Array.from({ length: 600 }, (_, index) => chat(nodes[index % 3]!, key)));
    const statuses = new Map<number, number>();
    for (const answer of answers) statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
    const served = answers.filter((answer) => answer.status === 200);
    let spent = served.reduce((sum, answer) => sum + toNanoDollars(answer.body.usage.cost), 0);
    // Every answer is a generation or a 402 for the key limit: no 5xx, nothing else.
    expect([...statuses.keys()].sort()).toEqual([200, 402]);
    for (const answer of answers.filter((item) => item.status === 402)) expect(answer.body.error.metadata.switchboard_code).toBe('key_limit_exceeded');
    expect(spent).toBeLessThanOrEqual(limitNano);
    // A reservation holds the most a request could cost (the dearest endpoint that may serve it, the prompt estimated
    // from above: the 402 says how much, `required`), so fewer than 100 fit at once — but at least that many are
    // served however the burst interleaves (8 to 18 here, by the probe's endpoint; more when some settle while others still arrive: ≈ 40 on an idle
    // machine, ≈ 16 with other test files loading it).
    const required = Math.max(...answers.filter((answer) => answer.status === 402).map((answer) => toNanoDollars(answer.body.error.metadata.required)));
    // Refused only when what is left is below a request's reservation (≤ the dearest): the admitted ones hold at
    // least limit − required, each at most required.
    const fitAtOnce = Math.floor(limitNano / required) - 1;
    expect(fitAtOnce).toBeGreaterThanOrEqual(4);
    expect(served.length).toBeGreaterThanOrEqual(fitAtOnce);
    expect(new Set(served.map((answer) => answer.id)).size).toBe(served.length);
    const burstServed = served.length;

    // Then in waves of 12 over the three nodes until the key is refused everywhere: spend still never passes the limit.
    for (let wave = 0; wave < 100; wave++) {
      const more = await Promise.all(Array.from({ length: 12 }, (_, index) => chat(nodes[index % 3]!, key)));
      for (const answer of more) expect([200, 402]).toContain(answer.status);
      const ok = more.filter((answer) => answer.status === 200);
      served.push(...ok);
      spent += ok.reduce((sum, answer) => sum + toNanoDollars(answer.body.usage.cost), 0);
      if (ok.length === 0) break;
    }
    expect(spent).toBeLessThanOrEqual(limitNano);
    expect(served.length).toBeGreaterThanOrEqual(60);
    console.log(
      `key limit ${limitNano} nano-USD (100 generations at ${each}, ${fitAtOnce} reservations at once): 600 at once → ${burstServed} served (${JSON.stringify(Object.fromEntries(statuses))}); then ${served.length} in all, ${spent} spent`,
    );

    // The ledger (the control plane, fed by the three nodes' queues) and the key's usage agree with the responses to the nano-dollar.
    expect(await accountUsage('spender', spent)).toBe(spent);
    const keyUsage = await withControlPlane((store) => store.keyUsage(hash, Math.floor(Date.now() / 86_400_000)));
    expect(keyUsage.totalNano).toBe(spent);
  });

  it('lets exactly 60 of 150 requests through a key limited to 60 a minute, whichever node they reach', { timeout: 60_000 }, async () => {
    const { key } = await createKey('acme', { requestsPerMinute: 60 });
    const answers = await Promise.all(Array.from({ length: 150 }, (_, index) => chat(nodes[index % 3]!, key)));
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(60);
    const refused = answers.filter((answer) => answer.status === 429);
    expect(refused).toHaveLength(90);
    expect(refused[0]!.body.error.metadata.switchboard_code).toBe('rate_limited');
  });

  it('serves a key made on node A from node B at once; disabled on B, it is refused on A within a second', { timeout: 60_000 }, async () => {
    const [a, b] = nodes as [GatewayNode, GatewayNode];
    const made = await fetch(`${a.url}/api/v1/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${management}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'made on A' }),
    });
    expect(made.status).toBe(201);
    const { key, data } = (await made.json()) as { key: string; data: { hash: string } };
    expect((await chat(b, key)).status).toBe(200);
    // A has it in its cache now.
    expect((await chat(a, key)).status).toBe(200);
    const disabled = await fetch(`${b.url}/api/v1/keys/${data.hash}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${management}`, 'content-type': 'application/json' },
      body: JSON.stringify({ disabled: true }),
    });
    expect(disabled.status).toBe(200);
    const started = Date.now();
    let status = 200;
    while (status === 200 && Date.now() - started < 5_000) {
      status = (await chat(a, key)).status;
      if (status === 200) await new Promise((resolveWait) => setTimeout(resolveWait, 20));
    }
    const elapsed = Date.now() - started;
    expect(status).toBe(401);
    expect(elapsed).toBeLessThan(1_000);
    console.log(`key disabled on node B refused on node A after ${elapsed} ms`);

    // The CLI writes PostgreSQL directly and tells the nodes over Redis: refused at once too.
    const other = await createKey('acme');
    expect((await chat(a, other.key)).status).toBe(200);
    const cli = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'keys', 'disable', other.hash], { cwd: root, env: nodeEnvironment('cli'), encoding: 'utf8' });
    expect(cli.status, cli.stderr).toBe(0);
    const afterCli = Date.now();
    let cliStatus = 200;
    while (cliStatus === 200 && Date.now() - afterCli < 5_000) {
      cliStatus = (await chat(a, other.key)).status;
      if (cliStatus === 200) await new Promise((resolveWait) => setTimeout(resolveWait, 20));
    }
    expect(cliStatus).toBe(401);
    expect(Date.now() - afterCli).toBeLessThan(1_000);
  });

  it('skips on node B an endpoint whose circuit failures seen on node A opened', { timeout: 60_000 }, async () => {
    const [a, b, c] = nodes as [GatewayNode, GatewayNode, GatewayNode];
    const only = { model: 'qwen/qwen-2.5-7b-instruct', provider: { only: ['flaky'] } };
    for (let index = 0; index < 3; index++) expect((await chat(a, ordinary, only)).status).toBe(502);
    const calls = flaky.requests.length;
    // Outcomes travel in batches every 100 ms.
    await new Promise((resolveWait) => setTimeout(resolveWait, 400));
    for (const node of [b, c]) {
      const refused = await chat(node, ordinary, only);
      expect(refused.status).toBe(503);
      expect(refused.body.error.message).toContain('circuit open');
    }
    expect(flaky.requests.length).toBe(calls);
  });

  it('keeps serving on the other nodes through a kill -9 of one mid-burst; after its restart every generation it acknowledged is in its log exactly once', { timeout: 180_000 }, async () => {
    const { key } = await createKey('burst');
    const victim = nodes[2]!;
    const acknowledged = new Map<string, Set<string>>(nodes.map((node) => [node.name, new Set<string>()]));
    let killed = false;
    let servedAfterKill = 0;
    let failedOnSurvivors = 0;
    const worker = async (index: number) => {
      for (let round = 0; ; round++) {
        const node = nodes[(index + round) % 3]!;
        if (killed && servedAfterKill >= 150) return;
        if (killed && node === victim) continue;
        const stream = (index + round) % 2 === 0;
        try {
          const response = await fetch(`${node.url}/api/v1/chat/completions`, {
            method: 'POST',
            headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
            body: JSON.stringify({ model: 'openai/gpt-4o-mini', stream, max_tokens: 5, min_tokens: 5, messages: [{ role: 'user', content: `burst ${index} ${round}` }] }),
          });
          const text = await response.text();
          if (response.status === 200 && (stream ? text.includes('data: [DONE]') : JSON.parse(text).usage)) {
            acknowledged.get(node.name)!.add(response.headers.get('x-generation-id')!);
            if (killed) servedAfterKill++;
          } else if (node !== victim) failedOnSurvivors++;
        } catch {
          if (node !== victim) failedOnSurvivors++;
        }
        if (!killed && acknowledged.get(victim.name)!.size >= 60) {
          killed = true;
          victim.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: 24 }, (_, index) => worker(index)));
    await stopped(victim.child);
    expect(victim.child.signalCode).toBe('SIGKILL');
    expect(servedAfterKill).toBeGreaterThanOrEqual(150);
    expect(failedOnSurvivors).toBe(0);

    // Restart the killed node on its data: its queue and journal are replayed; then stop every node cleanly.
    const restarted = await startNode(victim.name, victim.dataDirectory);
    nodes[2] = restarted;
    for (const id of [...acknowledged.get(victim.name)!].slice(0, 5))
      expect((await fetch(`${restarted.url}/api/v1/generation?id=${id}`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
    for (const node of nodes) node.child.kill('SIGTERM');
    await Promise.all(nodes.map((node) => stopped(node.child)));

    // Each node's log holds what it acknowledged, each id once; the ledger equals the logs' costs.
    let loggedCost = 0;
    for (const node of nodes) {
      const client = createClickHouseClient({ kind: 'chdb', path: join(node.dataDirectory, 'generation-store') });
      const rows = (await (await client.query({ query: "SELECT id, total_cost_nano FROM generations WHERE account_id = 'burst'", format: 'JSONEachRow' })).json()) as {
        id: string;
        total_cost_nano: number;
      }[];
      await client.close();
      const ids = rows.map((row) => row.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of acknowledged.get(node.name)!) expect(ids).toContain(id);
      loggedCost += rows.reduce((sum, row) => sum + Number(row.total_cost_nano), 0);
    }
    const usage = await accountUsage('burst', loggedCost);
    if (usage !== loggedCost)
      for (const node of nodes)
        console.log(
          node.name,
          node
            .log()
            .split('\n')
            .filter((line) => /error|warn/i.test(line))
            .slice(-20)
            .join('\n'),
        );
    expect(usage).toBe(loggedCost);
    console.log(
      `kill -9 of ${victim.name}: acknowledged ${[...acknowledged].map(([name, ids]) => `${name} ${ids.size}`).join(', ')}; ${servedAfterKill} served after the kill; ledger ${loggedCost} = logs`,
    );
  });
});
