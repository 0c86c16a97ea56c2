import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteControlPlaneStore } from '../../src/storage/control-plane/sqlite-control-plane-store.js';
import { FakeUpstream, readJson } from '../helpers/fake-upstream.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

/**
 * Defect 1 of issue 10: an upstream that reports nonsense usage. The client must still get sound
 * usage and cost, the record must reach the store (the log goes on), the gateway must restart on
 * the same data, and every balance must stay exact — no free answers, no credit from a negative count.
 */

const fixture = (name: string) => fileURLToPath(new URL(`../../src/providers/openai-compatible/__fixtures__/${name}`, import.meta.url));
const chat = readJson(fixture('openai-chat.json')) as { usage: Record<string, unknown> };
const model = 'mistralai/mistral-nemo';

/** What the upstream reports as usage, for the request whose first message names it. */
const usageVariants: Record<string, Record<string, unknown>> = {
  'prompt "abc"': { prompt_tokens: 'abc', completion_tokens: 20, total_tokens: 'abc20' },
  'prompt 10.5': { prompt_tokens: 10.5, completion_tokens: 20, total_tokens: 30.5 },
  'prompt -5000000': { prompt_tokens: -5_000_000, completion_tokens: 20, total_tokens: -4_999_980 },
  'completion 5e9': { prompt_tokens: 12, completion_tokens: 5e9, total_tokens: 5e9 + 12 },
  'completion null, cached > prompt': { prompt_tokens: 12, completion_tokens: null, prompt_tokens_details: { cached_tokens: 5000 } },
  'completion over the reservation': { prompt_tokens: 12, completion_tokens: 200_000, total_tokens: 200_012 },
};

function variantOf(body: unknown): string {
  const messages = (body as { messages?: { content?: unknown }[] }).messages ?? [];
  return String(messages[0]?.content ?? '');
}

const upstream = new FakeUpstream((request) => {
  const usage = usageVariants[variantOf(request.body)] ?? chat.usage;
  if ((request.body as { stream?: boolean }).stream) {
    const base = { id: 'chatcmpl-poison', object: 'chat.completion.chunk', created: 1741569952, model: 'mistral-nemo' };
    return {
      kind: 'sse',
      chunks: [
        `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: 'Hello! How can I assist you today?' }, finish_reason: null }] })}\n\n`,
        `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`,
        `data: ${JSON.stringify({ ...base, choices: [], usage })}\n\n`,
        'data: [DONE]\n\n',
      ],
    };
  }
  return { kind: 'json', body: { ...chat, usage } };
});

const metricsToken = 'scrape-token-0123456789';
let gateway: TestGateway;
let key: string;
const charged = new Map<string, number>();

beforeAll(async () => {
  await upstream.start();
  gateway = await startTestGateway({
    auth: { anonymous: false },
    metrics: { token: metricsToken },
    providers: [{ kind: 'openai-compatible', id: 'poison', name: 'Poison', base_url: upstream.url, models: [{ id: model, pricing: { prompt: '0.000001', completion: '0.000002' } }] }],
  });
  await gateway.createAccount('poisoned', 10);
  key = (await gateway.createKey('poisoned', { limitUsd: 5 })).key;
});
afterAll(async () => {
  await gateway?.close();
  await upstream.stop();
});

async function ask(variant: string, stream: boolean, account = key): Promise<{ status: number; id: string; usage: Record<string, any> | null }> {
  const response = await gateway.call('/api/v1/chat/completions', { key: account, json: { model, stream, max_tokens: 1000, messages: [{ role: 'user', content: variant }] } });
  const id = response.headers.get('x-generation-id') ?? '';
  if (!stream || response.status !== 200) {
    const body = (await response.json()) as { usage?: Record<string, any> };
    return { status: response.status, id, usage: body.usage ?? null };
  }
  const events = (await response.text())
    .split('\n\n')
    .filter((block) => block.startsWith('data: {'))
    .map((block) => JSON.parse(block.slice(6)) as { usage?: Record<string, any> });
  return { status: response.status, id, usage: events.findLast((event) => event.usage)?.usage ?? null };
}

const isCount = (value: unknown) => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

describe('an upstream that reports malformed usage', () => {
  for (const variant of Object.keys(usageVariants)) {
    for (const stream of [false, true]) {
      it(`${variant} (${stream ? 'streamed' : 'whole'}): the client gets sound usage and cost, and the record says what was corrected`, async () => {
        const answer = await ask(variant, stream);
        expect(answer.status).toBe(200);
        const usage = answer.usage!;
        expect(isCount(usage.prompt_tokens)).toBe(true);
        expect(isCount(usage.completion_tokens)).toBe(true);
        expect(usage.total_tokens).toBe(usage.prompt_tokens + usage.completion_tokens);
        expect(isCount(usage.prompt_tokens_details.cached_tokens)).toBe(true);
        expect(usage.prompt_tokens_details.cached_tokens).toBeLessThanOrEqual(usage.prompt_tokens);
        expect(Number.isFinite(usage.cost) && usage.cost >= 0).toBe(true);
        charged.set(answer.id, Math.round(usage.cost * 1e9));
        const record = (await gateway.services.generationLog.get(answer.id))!;
        expect(record.total_cost_nano).toBe(Math.round(usage.cost * 1e9));
        expect(record.tokens_prompt).toBe(usage.prompt_tokens);
        expect(record.usage_anomaly).toMatch(variant === 'completion over the reservation' ? /^over_reservation$/ : /^invalid_usage:/);
        if (variant === 'completion over the reservation') expect(record.unbilled_cost_nano).toBeGreaterThan(0);
        else expect(record.unbilled_cost_nano).toBe(0);
      });
    }
  }

  it('a negative count never adds credit, and a huge one never charges past the reservation', async () => {
    for (const [id, nano] of charged) {
      const record = (await gateway.services.generationLog.get(id))!;
      expect(nano).toBeGreaterThanOrEqual(0);
      // 1,000 completion tokens and the prompt's bytes at these prices: far under a cent.
      expect(nano).toBeLessThan(5_000_000);
      expect(record.native_tokens_prompt).toBeGreaterThan(0);
    }
  });

  it('keeps logging: every record is in the store, nothing is quarantined, and the balances are exact', async () => {
    await ask('an ordinary request', false);
    expect(await gateway.storedRecords()).toBe(charged.size + 1);
    expect(await gateway.writer.quarantine.list()).toEqual([]);
    const [{ total } = { total: '0' }] = (await (
      await gateway.storeClient().query({ query: "SELECT sum(total_cost_nano) AS total FROM generations WHERE account_id = 'poisoned'", format: 'JSONEachRow' })
    ).json()) as { total: string }[];
    expect(gateway.accountUsageNano('poisoned')).toBe(Number(total));
    expect((await gateway.services.controlPlane.getAccount('poisoned'))!.usageNano).toBe(Number(total));
    expect((await gateway.services.limits.accountBalance('poisoned'))!.reservedNano).toBe(0);
    // Counted for the operator: each replaced field, each capped charge.
    const metrics = await (await gateway.call('/metrics', { headers: { authorization: `Bearer ${metricsToken}` } })).text();
    expect(metrics).toMatch(/switchboard_usage_corrections_total\{provider="poison",field="prompt_tokens"\} 6/);
    expect(metrics).toMatch(/switchboard_usage_corrections_total\{provider="poison",field="over_reservation"\} 2/);
    expect(metrics).toMatch(/switchboard_unbilled_cost_usd_total\{provider="poison"\} 0\.\d+/);
  });

  it('starts again on the same data, with the same log and balances', async () => {
    const before = await gateway.storedRecords();
    const usage = gateway.accountUsageNano('poisoned');
    const dataDirectory = gateway.dataDirectory;
    await gateway.close();
    gateway = await startTestGateway(
      {
        auth: { anonymous: false },
        providers: [{ kind: 'openai-compatible', id: 'poison', name: 'Poison', base_url: upstream.url, models: [{ id: model, pricing: { prompt: '0.000001', completion: '0.000002' } }] }],
      },
      { dataDirectory },
    );
    expect(await gateway.storedRecords()).toBe(before);
    const answer = await ask('prompt "abc"', true);
    expect(answer.status).toBe(200);
    expect(await gateway.storedRecords()).toBe(before + 1);
    await gateway.services.limits.load((await gateway.services.controlPlane.getAccount('poisoned'))!, null);
    expect(gateway.accountUsageNano('poisoned')).toBe(usage + Math.round(answer.usage!.cost * 1e9));
  });

  it('a small balance is never overspent, whatever the provider claims', async () => {
    await gateway.createAccount('small', 0.01);
    const small = (await gateway.createKey('small')).key;
    let spent = 0;
    let refused = 0;
    for (let index = 0; index < 12; index++) {
      const answer = await ask('completion over the reservation', index % 2 === 1, small);
      if (answer.status === 402) refused++;
      else spent += Math.round(answer.usage!.cost * 1e9);
    }
    expect(refused).toBeGreaterThan(0);
    expect(spent).toBeLessThanOrEqual(10_000_000);
    const balance = (await gateway.services.limits.accountBalance('small'))!;
    expect(balance.usageNano).toBe(spent);
    expect(balance.creditsNano - balance.usageNano).toBeGreaterThanOrEqual(0);
    await gateway.storedRecords();
    const controlPlane = new SqliteControlPlaneStore(`${gateway.dataDirectory}/control-plane.sqlite`);
    expect((await controlPlane.getAccount('small'))!.usageNano).toBe(spent);
    await controlPlane.close();
  });
});
