import autocannon from 'autocannon';
import { Client } from 'undici';
import type { Target } from './targets.js';

export function chatBody(model: string, stream: boolean): string {
  return JSON.stringify({
    model,
    stream,
    max_tokens: 64,
    messages: [
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'Say hello in a dozen tokens.' },
    ],
  });
}

export function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))]!;
}

export interface LatencySample {
  p50: number;
  p99: number;
  samples: number;
}

function summarise(times: number[]): LatencySample {
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 0.5), p99: percentile(times, 0.99), samples: times.length };
}

/** One request at a time over one keep-alive connection: the latency of each, in milliseconds. */
export async function latencyAtConcurrencyOne(target: Target, count: number, warmup: number): Promise<LatencySample> {
  const url = new URL(target.url);
  const client = new Client(url.origin, { keepAliveTimeout: 60_000, pipelining: 1 });
  const body = chatBody(target.model, false);
  const headers = { 'content-type': 'application/json', ...target.headers };
  const times: number[] = [];
  try {
    for (let index = 0; index < warmup + count; index++) {
      const started = process.hrtime.bigint();
      const response = await client.request({ method: 'POST', path: url.pathname, headers, body });
      await response.body.text();
      const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
      if (response.statusCode !== 200) throw new Error(`${target.name} answered ${response.statusCode}`);
      if (index >= warmup) times.push(elapsed);
    }
  } finally {
    await client.close();
  }
  return summarise(times);
}

/** Streamed requests one at a time: milliseconds until the first text token arrives. */
export async function timeToFirstToken(target: Target, count: number, warmup: number): Promise<LatencySample> {
  const url = new URL(target.url);
  const client = new Client(url.origin, { keepAliveTimeout: 60_000, pipelining: 1 });
  const body = chatBody(target.model, true);
  const headers = { 'content-type': 'application/json', accept: 'text/event-stream', ...target.headers };
  const times: number[] = [];
  try {
    for (let index = 0; index < warmup + count; index++) {
      const started = process.hrtime.bigint();
      const response = await client.request({ method: 'POST', path: url.pathname, headers, body });
      if (response.statusCode !== 200) throw new Error(`${target.name} answered ${response.statusCode}: ${await response.body.text()}`);
      let text = '';
      let first: number | null = null;
      for await (const data of response.body) {
        text += (data as Buffer).toString();
        if (first === null && text.includes('"content":"Hello!"')) first = Number(process.hrtime.bigint() - started) / 1e6;
      }
      if (first === null || !text.includes('[DONE]')) throw new Error(`${target.name} streamed no token: ${text.slice(0, 300)}`);
      if (index >= warmup) times.push(first);
    }
  } finally {
    await client.close();
  }
  return summarise(times);
}

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  /** Answers that were not 2xx, errors and time-outs: a run with any is reported, not hidden. */
  failures: number;
  total: number;
}

/** autocannon against the target: at saturation (`rate` undefined) or at a fixed overall rate. */
export async function load(target: Target, options: { seconds: number; connections: number; rate?: number }): Promise<LoadResult> {
  const result = await autocannon({
    url: target.url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...target.headers },
    body: chatBody(target.model, false),
    connections: options.connections,
    duration: options.seconds,
    ...(options.rate ? { overallRate: options.rate } : {}),
  });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
    total: result.requests.total,
  };
}
