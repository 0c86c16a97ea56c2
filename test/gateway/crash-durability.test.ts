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
function startServer(dataDirectory: string, providers = '[{kind: simulator, time_scale: 0}]'): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--data-dir', dataDirectory, '--port', '0'], {
    cwd: root,
    env: {
      ...process.env,
      SWITCHBOARD_CONFIG: '',
      SWITCHBOARD__PROVIDERS: providers,
      SWITCHBOARD__LOGGING__REQUESTS: 'false',
      SWITCHBOARD__AUTH__ANONYMOUS: 'true',
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

  it('marks a generation the gateway died in the middle of as failed, charges nothing for it, and never records it twice', { timeout: 120_000 }, async () => {
    const dataDirectory = mkdtempSync(join(tmpdir(), 'switchboard-mid-stream-'));
    // A slow simulated provider (20 tokens per second): a 400-token answer streams for about 20 s.
    const slow = '[{kind: simulator, time_scale: 1, extra_endpoints: [], latency_ms: {median: 50, spread: 0}, throughput: {median: 20, spread: 0}}]';
    const first = await startServer(dataDirectory, slow);

    // One whole generation that completes, so the account has a known, non-zero usage before the kill.
    const done = await fetch(`${first.url}/api/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'openai/gpt-4o-mini', max_tokens: 5, min_tokens: 5, messages: [{ role: 'user', content: 'a short answer' }] }),
    });
    expect(done.status).toBe(200);
    const completedId = done.headers.get('x-generation-id')!;
    const completedCost = ((await done.json()) as { usage: { cost: number } }).usage.cost;
    expect(completedCost).toBeGreaterThan(0);

    // A long stream: read until some content has arrived, then kill -9 the gateway mid-stream.
    const response = await fetch(`${first.url}/api/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'openai/gpt-4o-mini', stream: true, max_tokens: 400, min_tokens: 400, messages: [{ role: 'user', content: 'a long answer' }] }),
    });
    expect(response.status).toBe(200);
    const interruptedId = response.headers.get('x-generation-id')!;
    const reader = response.body!.getReader();
    let received = '';
    while (!/"content":"[^"]+"/.test(received)) received += new TextDecoder().decode((await reader.read()).value);
    first.child.kill('SIGKILL');
    await waitForExit(first.child);
    await reader.read().catch(() => undefined);
    expect(received).not.toContain('[DONE]');

    // Restart twice on the same data: the first start records the interrupted generation, the second finds nothing more to do.
    for (let start = 0; start < 2; start++) {
      const server = await startServer(dataDirectory, slow);
      const interrupted = (await (await fetch(`${server.url}/api/v1/generation?id=${interruptedId}`)).json()) as { data: Record<string, unknown> };
      expect(interrupted.data).toMatchObject({ id: interruptedId, total_cost: 0, finish_reason: 'error', streamed: true, model: 'openai/gpt-4o-mini', tokens_completion: 0 });
      const completed = (await (await fetch(`${server.url}/api/v1/generation?id=${completedId}`)).json()) as { data: Record<string, unknown> };
      expect(completed.data.total_cost).toBe(completedCost);
      server.child.kill('SIGTERM');
      await waitForExit(server.child);
      expect(server.child.exitCode).toBe(0);
    }

    const client = createClickHouseClient({ kind: 'chdb', path: join(dataDirectory, 'generation-store') });
    const rows = (await (await client.query({ query: 'SELECT id, status, error_code, total_cost_nano FROM generations ORDER BY created_at', format: 'JSONEachRow' })).json()) as {
      id: string;
      status: number;
      error_code: string | null;
      total_cost_nano: number;
    }[];
    await client.close();
    expect(rows.map((row) => row.id)).toEqual([completedId, interruptedId]);
    expect(rows[1]).toMatchObject({ status: 502, error_code: 'gateway_interrupted' });
    expect(Number(rows[1]!.total_cost_nano)).toBe(0);
    const controlPlane = new SqliteControlPlaneStore(join(dataDirectory, 'control-plane.sqlite'));
    expect((await controlPlane.getAccount('local'))!.usageNano).toBe(Number(rows[0]!.total_cost_nano));
    await controlPlane.close();
  });

  it('records every stream killed at its first byte (its journal entry is on disk before that byte leaves)', { timeout: 120_000 }, async () => {
    const dataDirectory = mkdtempSync(join(tmpdir(), 'switchboard-first-byte-'));
    const slow = '[{kind: simulator, time_scale: 1, extra_endpoints: [], latency_ms: {median: 1, spread: 0}, throughput: {median: 20, spread: 0}}]';
    const first = await startServer(dataDirectory, slow);
    // Twelve streams at once; the gateway is killed the moment the last of them has sent its first byte.
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        fetch(`${first.url}/api/v1/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'openai/gpt-4o-mini', stream: true, max_tokens: 400, min_tokens: 400, messages: [{ role: 'user', content: `stream ${index}` }] }),
        }),
      ),
    );
    first.child.kill('SIGKILL');
    await waitForExit(first.child);
    const ids = responses.map((response) => {
      expect(response.status).toBe(200);
      void response.body?.cancel().catch(() => undefined);
      return response.headers.get('x-generation-id')!;
    });

    const second = await startServer(dataDirectory, slow);
    for (const id of ids) {
      const answer = await fetch(`${second.url}/api/v1/generation?id=${id}`);
      expect(answer.status, id).toBe(200);
      const record = (await answer.json()) as { data: Record<string, unknown> };
      expect(record.data).toMatchObject({ id, total_cost: 0, finish_reason: 'error', streamed: true });
    }
    second.child.kill('SIGTERM');
    await waitForExit(second.child);
    expect(second.child.exitCode).toBe(0);
  });
});
