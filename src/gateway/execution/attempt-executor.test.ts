import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load-config.js';
import { GatewayError } from '../../errors/gateway-error.js';
import { silentLogger } from '../../observability/logger.js';
import { GatewayMetrics } from '../../observability/metrics-registry.js';
import type { ProviderEndpoint } from '../../providers/provider.js';
import { EndpointStats } from '../../routing/endpoint-stats.js';
import { type AttemptContext, executeAttempts } from './attempt-executor.js';
import { AttemptTimers } from './attempt-timers.js';
import { nextStepAfter } from './failover-policy.js';
import { RequestScope } from './request-scope.js';
import { retryAfterMilliseconds } from './retry-after.js';

const routing = { ...loadConfig({ environment: {}, overrides: {} }).routing, max_retry_wait_ms: 500 };

function endpoint(id: string, timeoutMs?: number): ProviderEndpoint {
  return { id: `${id}/m`, providerId: id, providerName: id, upstreamModel: 'm', timeoutMs } as unknown as ProviderEndpoint;
}

function services() {
  return { routing, stats: new EndpointStats(Date.now, { failureThreshold: 2, openMs: 60_000, maximumOpenMs: 60_000 }), metrics: new GatewayMetrics(), logger: silentLogger };
}

/** A scope whose client can be made to leave. */
function scope(timeoutMs = 10_000) {
  let leave: () => void = () => undefined;
  const made = new RequestScope(timeoutMs, (listener) => {
    leave = listener;
  });
  return { scope: made, leave: () => leave() };
}

const upstreamError = (status: number, headers: Record<string, string> = {}) =>
  new GatewayError(status === 429 ? 'upstream_rate_limited' : 'upstream_error', `HTTP ${status}`, { metadata: { provider_code: status }, headers });

describe('retryAfterMilliseconds', () => {
  it('reads seconds and HTTP dates, and nothing else', () => {
    expect(retryAfterMilliseconds('2')).toBe(2000);
    expect(retryAfterMilliseconds('0.25')).toBe(250);
    expect(retryAfterMilliseconds(new Date(Date.UTC(2026, 0, 1, 0, 0, 3)).toUTCString(), Date.UTC(2026, 0, 1))).toBe(3000);
    expect(retryAfterMilliseconds('-1')).toBeNull();
    expect(retryAfterMilliseconds('soon')).toBeNull();
    expect(retryAfterMilliseconds(undefined)).toBeNull();
  });
});

describe('nextStepAfter', () => {
  const base = { lastEndpoint: false, deliveredAny: false, waitedBefore: false, maxRetryWaitMs: 1000 };
  it('fails over on a retryable error, stops on a rejection or once output was delivered', () => {
    expect(nextStepAfter({ ...base, error: upstreamError(503) })).toEqual({ kind: 'next-endpoint' });
    expect(nextStepAfter({ ...base, error: new GatewayError('upstream_request_rejected', 'bad') })).toEqual({ kind: 'stop' });
    expect(nextStepAfter({ ...base, deliveredAny: true, error: upstreamError(503) })).toEqual({ kind: 'stop' });
    expect(nextStepAfter({ ...base, lastEndpoint: true, error: upstreamError(503) })).toEqual({ kind: 'stop' });
  });
  it('waits out a short Retry-After on the last endpoint, once', () => {
    const limited = upstreamError(429, { 'Retry-After': '0.5' });
    expect(nextStepAfter({ ...base, lastEndpoint: true, error: limited })).toEqual({ kind: 'wait-and-retry', waitMs: 500 });
    expect(nextStepAfter({ ...base, lastEndpoint: true, waitedBefore: true, error: limited })).toEqual({ kind: 'stop' });
    expect(nextStepAfter({ ...base, lastEndpoint: true, error: upstreamError(429, { 'Retry-After': '5' }) })).toEqual({ kind: 'stop' });
    expect(nextStepAfter({ ...base, error: limited })).toEqual({ kind: 'next-endpoint' });
  });
});

describe('AttemptTimers', () => {
  it('aborts when no first byte comes in time, not once it came', async () => {
    const parent = scope().scope;
    const late = new AttemptTimers(parent, 'p', { firstByteMs: 20 });
    await sleep(40);
    expect(late.signal.aborted).toBe(true);
    expect(GatewayError.from(late.signal.reason).message).toMatch(/p sent no token within 20 ms/);
    late.dispose();
    const early = new AttemptTimers(parent, 'p', { firstByteMs: 20 });
    early.firstByte();
    await sleep(40);
    expect(early.signal.aborted).toBe(false);
    early.dispose();
  });
  it('aborts a whole answer that takes too long, and follows the request', async () => {
    const parent = scope();
    const slow = new AttemptTimers(parent.scope, 'p', { wholeMs: 20 });
    await sleep(40);
    expect(GatewayError.from(slow.signal.reason).message).toMatch(/did not answer within 20 ms/);
    slow.dispose();
    const following = new AttemptTimers(parent.scope, 'p', {});
    parent.leave();
    expect(following.signal.aborted).toBe(true);
    expect(GatewayError.from(following.signal.reason).message).toMatch(/client closed/);
    following.dispose();
  });
});

describe('executeAttempts', () => {
  const plan = (endpoints: ProviderEndpoint[], run: (attempt: AttemptContext) => Promise<string>, made = scope()) => ({
    endpoints,
    scope: made.scope,
    generationId: 'gen-test',
    limits: (item: ProviderEndpoint) => ({ wholeMs: item.timeoutMs }),
    deliveredAny: () => false,
    run,
  });

  it('fails over to the next endpoint and records every attempt', async () => {
    const execution = await executeAttempts(
      services(),
      plan([endpoint('a'), endpoint('b')], async ({ endpoint }) => {
        if (endpoint.providerId === 'a') throw upstreamError(503);
        return 'answer';
      }),
    );
    expect(execution.success).toMatchObject({ value: 'answer', endpoint: { providerId: 'b' } });
    expect(execution.attempts.map((attempt) => [attempt.provider_name, attempt.status])).toEqual([
      ['a', 502],
      ['b', 200],
    ]);
  });

  it('waits out Retry-After on the last endpoint and tries it again', async () => {
    let calls = 0;
    const started = performance.now();
    const execution = await executeAttempts(
      services(),
      plan([endpoint('a')], async () => {
        calls++;
        if (calls === 1) throw upstreamError(429, { 'Retry-After': '0.2' });
        return 'after the pause';
      }),
    );
    expect(execution.success?.value).toBe('after the pause');
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    expect(calls).toBe(2);
  });

  it("times out a slow attempt and moves on; the request's deadline ends it all", async () => {
    const execution = await executeAttempts(
      services(),
      plan([endpoint('slow', 30), endpoint('fast', 1000)], async ({ endpoint, signal }) => {
        if (endpoint.providerId === 'slow') await sleep(5_000, null, { signal });
        return 'fast answer';
      }),
    );
    expect(execution.success?.value).toBe('fast answer');
    expect(execution.attempts[0]).toMatchObject({ provider_name: 'slow', status: 408, error_code: 'request_timeout' });

    const deadline = await executeAttempts(
      services(),
      plan([endpoint('a'), endpoint('b')], ({ signal }) => sleep(5_000, 'never', { signal }), scope(30)),
    );
    expect(deadline.success).toBeNull();
    expect(deadline.failure?.message).toMatch(/longer than 30 ms/);
    expect(deadline.attempts).toHaveLength(1);
  });

  it('cancels the attempt when the client leaves, and tries nothing else', async () => {
    const made = scope();
    let sawAbort = false;
    const pending = executeAttempts(
      services(),
      plan(
        [endpoint('a'), endpoint('b')],
        async ({ signal }) => {
          signal.addEventListener('abort', () => {
            sawAbort = true;
          });
          return sleep(5_000, 'never', { signal });
        },
        made,
      ),
    );
    await sleep(20);
    made.leave();
    const execution = await pending;
    expect(sawAbort).toBe(true);
    expect(execution).toMatchObject({ success: null, failure: null, cancelled: true });
    expect(execution.attempts).toHaveLength(1);
  });

  it('passes over an endpoint whose circuit opened, unless it is the last', async () => {
    const shared = services();
    shared.stats.recordFailure('a/m', 500);
    shared.stats.recordFailure('a/m', 500);
    expect(shared.stats.circuitOpen('a/m')).toBe(true);
    const tried: string[] = [];
    const execution = await executeAttempts(
      shared,
      plan([endpoint('a'), endpoint('b')], async ({ endpoint }) => {
        tried.push(endpoint.providerId);
        return 'ok';
      }),
    );
    expect(tried).toEqual(['b']);
    expect(execution.success?.endpoint.providerId).toBe('b');
  });
});
