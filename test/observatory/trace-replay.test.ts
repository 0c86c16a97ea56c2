import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAzureTrace } from '../../src/simulation/replay/azure-trace.js';
import { readMooncakeTrace, reusablePrefixTokens } from '../../src/simulation/replay/mooncake-trace.js';
import { replayTrace, traceTotals } from '../../src/simulation/replay/replay-trace.js';
import type { TraceRequest } from '../../src/simulation/replay/trace-request.js';
import { sharedDataFile } from '../helpers/shared-data.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

/**
 * Traces replayed through the gateway leave a log that is the trace: the Azure code-completion
 * trace (2023, 8,819 requests) and a trace in Mooncake's format (JSON lines with block hash ids)
 * give exact request counts and token sums, the trace's own timestamps on the records, no
 * reasoning the trace does not have, and — for Mooncake — cached tokens equal to the trace's
 * reusable prefix blocks, read by the simulator's 512-token prefix cache.
 */
const azurePath = sharedDataFile('azure-llm-trace-2023-code.csv');
// A conversation trace in Mooncake's published format, made for this test (sessions whose turns
// resend the conversation, two shared system prompts, one-off requests): 198 requests over an hour.
const mooncakePath = fileURLToPath(new URL('../fixtures/traces/mooncake-conversation-sample.jsonl', import.meta.url));
const mooncakeStart = Date.parse('2024-06-01T00:00:00Z');
let gateway: TestGateway;
let azure: TraceRequest[];

beforeAll(async () => {
  azure = await readAzureTrace(azurePath);
  gateway = await startTestGateway({
    auth: { local_account_credits: 1000 },
    simulation: { trust_headers: true },
    // A prefix cache of 512-token blocks with no minimum, kept for the trace's hour: Mooncake's own.
    providers: [{ kind: 'simulator', time_scale: 0, extra_endpoints: [], prompt_cache: { block_tokens: 512, minimum_tokens: 0, ttl_ms: 24 * 3_600_000 } }],
  });
});
afterAll(async () => {
  await gateway?.close();
});

/** Requests, token sums and time bounds of the log's records of a model. */
async function logged(model: string) {
  await gateway.storedRecords();
  const result = await gateway.storeClient().query({
    query: `SELECT count() AS requests, sum(tokens_prompt) AS prompt, sum(tokens_completion) AS completion, sum(native_tokens_cached) AS cached,
              sum(native_tokens_reasoning) AS reasoning, toUnixTimestamp64Milli(min(created_at)) AS first, toUnixTimestamp64Milli(max(created_at)) AS last
            FROM generations FINAL WHERE model = {model:String}`,
    query_params: { model },
    format: 'JSONEachRow',
  });
  const [row] = (await result.json()) as Record<string, string | number>[];
  return Object.fromEntries(Object.entries(row!).map(([key, value]) => [key, Number(value)]));
}

describe('Azure trace replay', () => {
  it('leaves one record per trace request with the trace’s exact token sums and times, and no reasoning', async () => {
    const totals = traceTotals(azure);
    expect(totals.requests).toBe(8819);
    // As fast as 48 requests in flight allow: the gateway, not the replayer, sets the pace.
    const summary = await replayTrace(azure, { gateway: gateway.url, model: 'openai/gpt-4o-mini', speed: Number.POSITIVE_INFINITY, concurrency: 48, stream: false });
    expect(summary.failed.slice(0, 3)).toEqual([]);
    expect(summary.succeeded).toBe(totals.requests);
    expect(summary.promptTokens).toBe(totals.contextTokens);
    expect(summary.completionTokens).toBe(totals.generatedTokens);
    // Each request's prompt is its own: nothing is shared, nothing cached.
    expect(summary.cachedTokens).toBe(0);
    console.log(`Azure replay: ${totals.requests} requests in ${(summary.milliseconds / 1000).toFixed(1)} s, ${Math.round(totals.requests / (summary.milliseconds / 1000))} requests/s`);
    expect(await logged('openai/gpt-4o-mini')).toEqual({
      requests: totals.requests,
      prompt: totals.contextTokens,
      completion: totals.generatedTokens,
      cached: 0,
      reasoning: 0,
      first: azure[0]!.timeMs,
      last: azure.at(-1)!.timeMs,
    });
  }, 300_000);

  it('streams a slice of a reasoning model’s trace with the same exactness, inventing no reasoning', async () => {
    const slice = azure.slice(0, 300);
    const totals = traceTotals(slice);
    const summary = await replayTrace(slice, { gateway: gateway.url, model: 'deepseek/deepseek-r1', speed: Number.POSITIVE_INFINITY, concurrency: 16, stream: true });
    expect(summary.failed.slice(0, 3)).toEqual([]);
    expect(summary.promptTokens).toBe(totals.contextTokens);
    expect(summary.completionTokens).toBe(totals.generatedTokens);
    expect(await logged('deepseek/deepseek-r1')).toMatchObject({ requests: slice.length, prompt: totals.contextTokens, completion: totals.generatedTokens, reasoning: 0 });
  }, 120_000);
});

describe('Mooncake trace replay', () => {
  it('reads the format and refuses hash ids that do not fit the lengths', async () => {
    const trace = await readMooncakeTrace(mooncakePath, mooncakeStart);
    expect(trace).toHaveLength(198);
    expect(trace[0]).toMatchObject({ timeMs: mooncakeStart, contextTokens: 1827, generatedTokens: 427, hashIds: [3, 4, 5, 6] });
    const directory = mkdtempSync(join(tmpdir(), 'mooncake-'));
    const bad = join(directory, 'bad.jsonl');
    writeFileSync(bad, '{"timestamp": 0, "input_length": 1500, "output_length": 5, "hash_ids": [1, 2]}\n');
    await expect(readMooncakeTrace(bad, 0)).rejects.toThrow(/2 hash_ids for 1500 input tokens/);
    writeFileSync(bad, '{"timestamp": -4, "input_length": 10, "output_length": 5}\n');
    await expect(readMooncakeTrace(bad, 0)).rejects.toThrow(/line 1: timestamp -4/);
    rmSync(directory, { recursive: true, force: true });
  });

  it('replays with exact counts and sums, the trace’s times, and cached tokens equal to the trace’s reusable prefix blocks', async () => {
    const trace = await readMooncakeTrace(mooncakePath, mooncakeStart);
    const totals = traceTotals(trace);
    const reusable = reusablePrefixTokens(trace).reduce((sum, tokens) => sum + tokens, 0);
    expect(reusable).toBe(526_336);
    // One at a time, in trace order: a prefix is cached by the request that came first.
    const summary = await replayTrace(trace, { gateway: gateway.url, model: 'openai/gpt-4.1-mini', speed: Number.POSITIVE_INFINITY, concurrency: 1 });
    expect(summary.failed.slice(0, 3)).toEqual([]);
    expect(summary.promptTokens).toBe(totals.contextTokens);
    expect(summary.completionTokens).toBe(totals.generatedTokens);
    expect(summary.cachedTokens).toBe(reusable);
    expect(await logged('openai/gpt-4.1-mini')).toEqual({
      requests: 198,
      prompt: totals.contextTokens,
      completion: totals.generatedTokens,
      cached: reusable,
      reasoning: 0,
      first: mooncakeStart,
      last: trace.at(-1)!.timeMs,
    });
  }, 120_000);
});
