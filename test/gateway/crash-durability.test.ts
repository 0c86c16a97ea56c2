import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createClickHouseClient } from '../../src/storage/clickhouse/create-clickhouse-client.js';
import { SqliteControlPlaneStore } from '../../src/storage/control-plane/sqlite-control-plane-store.js';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const children: ChildProcess[] = [];

/** Starts `switchboard serve` in its own process and resolves with its URL once it listens. */
function startServer(dataDirectory: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--data-dir', dataDirectory, '--port', '0'], {
    cwd: root,
    env: {
      ...process.env,
      SWITCHBOARD_CONFIG: '',
      SWITCHBOARD__PROVIDERS: '[{kind: simulator, time_scale: 0}]',
      SWITCHBOARD__LOGGING__REQUESTS: 'false',
      SWITCHBOARD__GENERATION_LOG__FLUSH_INTERVAL_MS: '20',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  return new Promise((resolveStart, rejectStart) => {
    let output = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)\/api\/v1/.exec(output);
      if (match) resolveStart({ child, url: match[1]! });
    });
    child.once('exit', (code) => rejectStart(new Error(`server exited with ${code}: ${output}`)));
  });
}

function waitForExit(child: ChildProcess): Promise<void> {
  return new Promise((resolveExit) => (child.exitCode !== null || child.signalCode !== null ? resolveExit() : child.once('exit', () => resolveExit())));
}

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('the durable generation log', () => {
  it('keeps every acknowledged generation exactly once through a kill -9 during a burst of requests', { timeout: 120_000 }, async () => {
    const dataDirectory = mkdtempSync(join(tmpdir(), 'switchboard-crash-'));
    const first = await startServer(dataDirectory);
    const acknowledged = new Set<string>();
    let killed = false;

    // A burst of whole and streamed requests from 24 concurrent clients; kill -9 once 150 are acknowledged.
    const worker = async (worker: number) => {
      for (let index = 0; !killed; index++) {
        const stream = (worker + index) % 2 === 0;
        try {
          const response = await fetch(`${first.url}/api/v1/chat/completions`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ model: 'openai/gpt-4o-mini', stream, messages: [{ role: 'user', content: `worker ${worker} request ${index}` }] }),
          });
          const text = await response.text();
          // Acknowledged: the whole JSON body, or a stream that reached [DONE].
          if (response.status === 200 && (stream ? text.includes('data: [DONE]') : JSON.parse(text).usage)) acknowledged.add(response.headers.get('x-generation-id')!);
        } catch {
          // the server died under us: this request was not acknowledged
        }
        if (acknowledged.size >= 150 && !killed) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: 24 }, (_, index) => worker(index)));
    await waitForExit(first.child);
    expect(first.child.signalCode).toBe('SIGKILL');
    expect(acknowledged.size).toBeGreaterThanOrEqual(150);

    // Restart on the same data: the queue is replayed into the store and the control plane at start.
    const second = await startServer(dataDirectory);
    for (const id of [...acknowledged].slice(0, 20)) {
      const response = await fetch(`${second.url}/api/v1/generation?id=${id}`);
      expect(response.status).toBe(200);
    }
    second.child.kill('SIGTERM');
    await waitForExit(second.child);
    expect(second.child.exitCode).toBe(0);

    // Read the stores directly: every acknowledged id once, no id twice, and usage equal to the records' cost.
    const client = createClickHouseClient({ kind: 'chdb', path: join(dataDirectory, 'generation-store') });
    const rows = (await (await client.query({ query: 'SELECT id, total_cost_nano FROM generations', format: 'JSONEachRow' })).json()) as { id: string; total_cost_nano: number }[];
    const ids = rows.map((row) => row.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of acknowledged) expect(ids).toContain(id);
    const storedCost = rows.reduce((sum, row) => sum + Number(row.total_cost_nano), 0);
    await client.close();
    const controlPlane = new SqliteControlPlaneStore(join(dataDirectory, 'control-plane.sqlite'));
    expect((await controlPlane.getAccount('local'))!.usageNano).toBe(storedCost);
    await controlPlane.close();
  });
});
