import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAzureTrace, type TraceRequest } from '../../src/simulation/replay/azure-trace.js';
import { replayTrace, traceTotals } from '../../src/simulation/replay/replay-trace.js';
import { sharedDataFile } from '../helpers/shared-data.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

/**
 * Issue 3: replaying the Azure code-completion trace (2023, 8,819 requests) through the gateway —
 * prompt and completion lengths from the trace, time compressed — leaves a log whose request
 * count and token sums equal the trace's exactly.
 */
const tracePath = sharedDataFile('azure-llm-trace-2023-code.csv');
let gateway: TestGateway;
let trace: TraceRequest[];

beforeAll(async () => {
  trace = await readAzureTrace(tracePath);
  gateway = await startTestGateway({ auth: { local_account_credits: 1000 } });
});
afterAll(async () => {
  await gateway?.close();
});

describe('Azure trace replay', () => {
  it('leaves one record per trace request with the trace’s exact token sums', async () => {
    const totals = traceTotals(trace);
    expect(totals.requests).toBe(8819);
    // The trace spans 57 minutes; at 400× it plays in under 9 s, bounded by concurrency where it bunches.
    const summary = await replayTrace(trace, { gateway: gateway.url, model: 'openai/gpt-4o-mini', speed: 400, concurrency: 24, stream: false });
    expect(summary.failed.slice(0, 3)).toEqual([]);
    expect(summary.succeeded).toBe(totals.requests);
    expect(summary.promptTokens).toBe(totals.contextTokens);
    expect(summary.completionTokens).toBe(totals.generatedTokens);

    expect(await gateway.storedRecords()).toBe(totals.requests);
    const period = { from: new Date('2000-01-01T00:00:00Z'), to: new Date('2100-01-01T00:00:00Z') };
    const [logged] = await gateway.services.analytics.query({ dimensions: [], measures: ['requests', 'prompt_tokens', 'completion_tokens'], period });
    expect(logged).toEqual({ requests: totals.requests, prompt_tokens: totals.contextTokens, completion_tokens: totals.generatedTokens });
  }, 300_000);

  it('streams a slice of the trace with the same exactness', async () => {
    const slice = trace.slice(0, 300);
    const totals = traceTotals(slice);
    const before = await gateway.storedRecords();
    const summary = await replayTrace(slice, { gateway: gateway.url, model: 'deepseek/deepseek-r1', speed: Number.POSITIVE_INFINITY, concurrency: 16, stream: true });
    expect(summary.failed.slice(0, 3)).toEqual([]);
    expect(summary.promptTokens).toBe(totals.contextTokens);
    expect(summary.completionTokens).toBe(totals.generatedTokens);
    expect((await gateway.storedRecords()) - before).toBe(slice.length);
  }, 120_000);
});
