import { OpenRouter } from '@openrouter/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toNanoDollars } from '../../src/accounting/pricing.js';
import { FakeUpstream, type ReceivedRequest } from '../helpers/fake-upstream.js';
import { filesContaining } from '../helpers/files-containing.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

/**
 * Observability destinations as OpenRouter has them, through its SDK: made, read, changed and
 * deleted; then every finished generation reaches an OTLP receiver as exactly one span carrying its
 * token counts and cost, sent by the log's process with the destination's headers; filters, key
 * lists and a workspace's switch decide what goes where; a failing receiver is retried, and one
 * that never recovers is given up and counted in /metrics.
 */
const secret = `Bearer otlp-secret-${process.pid}-MARKER`;
let failuresLeft = 0;
const receiver = new FakeUpstream(() => {
  if (failuresLeft > 0) {
    failuresLeft--;
    return { kind: 'json', status: 503, body: { error: 'busy' } };
  }
  return { kind: 'json', body: {} };
});
const broken = new FakeUpstream(() => ({ kind: 'json', status: 500, body: { error: 'down' } }));
let gateway: TestGateway;
let admin: OpenRouter;
let key: { key: string; hash: string };
let other: { key: string; hash: string };

interface OtlpSpan {
  traceId: string;
  spanId: string;
  name: string;
  attributes: { key: string; value: Record<string, unknown> }[];
}

/** The spans a receiver got, each with its attributes as a plain object. */
function spansOf(requests: ReceivedRequest[]): { span: OtlpSpan; attributes: Record<string, unknown>; request: ReceivedRequest }[] {
  return requests.flatMap((request) =>
    (request.body as { resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[] }).resourceSpans.flatMap((resource) =>
      resource.scopeSpans.flatMap((scope) =>
        scope.spans.map((span) => ({
          span,
          request,
          attributes: Object.fromEntries(
            span.attributes.map((attribute) => {
              const value = attribute.value;
              return [attribute.key, 'intValue' in value ? Number(value.intValue) : (Object.values(value)[0] as unknown)];
            }),
          ),
        })),
      ),
    ),
  );
}

/** Past the log process's one-second cache of destinations and workspace settings. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 1_100));

async function chat(apiKey: string, model = 'openai/gpt-4o-mini', extra: Record<string, unknown> = {}) {
  const response = await gateway.call('/api/v1/chat/completions', { key: apiKey, json: { model, messages: [{ role: 'user', content: 'Hello there' }], max_tokens: 8, ...extra } });
  expect(response.status).toBe(200);
  return (await response.json()) as { id: string; usage: { prompt_tokens: number; completion_tokens: number; cost: number } };
}

beforeAll(async () => {
  await receiver.start();
  await broken.start();
  gateway = await startTestGateway(
    { auth: { anonymous: false }, byok: { encryption_key_env: 'SEALING_KEY' }, broadcast: { allow_private_addresses: true, retry_delays_ms: [20, 40] } },
    { environment: { SEALING_KEY: Buffer.alloc(32, 7).toString('base64') } },
  );
  await gateway.createAccount('acme', 50);
  admin = new OpenRouter({ apiKey: (await gateway.createKey('acme', { management: true })).key, serverURL: `${gateway.url}/api/v1` });
  key = await gateway.createKey('acme', { name: 'app key' });
  other = await gateway.createKey('acme', { name: 'batch key' });
});
afterAll(async () => {
  await gateway?.close();
  await receiver.stop();
  await broken.stop();
});

describe('observability destinations', () => {
  let collectorId = '';

  it('are made, read, changed and deleted through the SDK; header values are sealed and never shown', async () => {
    const created = await admin.observability.create({
      createObservabilityDestinationRequest: {
        type: 'otel-collector',
        name: 'Our collector',
        config: { endpoint: `${receiver.url}/v1/traces`, headers: { Authorization: secret } },
        broadcastGenerationCost: true,
        broadcastGenerationIdentity: true,
      },
    });
    collectorId = (created.data as { id: string }).id;
    expect(created.data).toMatchObject({ type: 'otel-collector', name: 'Our collector', enabled: true, samplingRate: 1, regions: ['global'], workspaceId: 'default' });
    expect(JSON.stringify(created.data)).not.toContain('otlp-secret');
    expect((await admin.observability.list()).result.data.map((destination) => (destination as { id: string }).id)).toEqual([collectorId]);
    expect((await admin.observability.get({ id: collectorId })).data).toMatchObject({ name: 'Our collector' });
    const renamed = await admin.observability.update({ id: collectorId, updateObservabilityDestinationRequest: { name: 'The collector' } });
    expect(renamed.data).toMatchObject({ name: 'The collector' });
    // The sealed header is in no file of the data directory.
    expect(filesContaining(gateway.dataDirectory, 'otlp-secret')).toEqual([]);

    const webhook = await admin.observability.create({
      createObservabilityDestinationRequest: { type: 'webhook', name: 'hook', config: { url: `${receiver.url}/hook`, method: 'PUT' }, enabled: false },
    });
    expect(webhook.data).toMatchObject({ type: 'webhook', enabled: false });
    expect((await admin.observability.delete({ id: (webhook.data as { id: string }).id })).deleted).toBe(true);

    const management = (await gateway.createKey('acme', { management: true })).key;
    const refused = async (body: unknown, text: string) => {
      const response = await gateway.call('/api/v1/observability/destinations', { key: management, json: body });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { message: string } }).error.message).toContain(text);
    };
    await refused({ type: 'datadog', name: 'x', config: {} }, 'otel-collector');
    await refused({ type: 'webhook', name: 'x', config: { url: 'ftp://example.com' } }, 'config.url');
    await refused({ type: 'webhook', name: 'x', config: { url: 'https://u:p@example.com' } }, 'credentials');
    await refused({ type: 'webhook', name: 'x', config: { url: 'https://example.com', headers: { 'Bad Name': 'x' } } }, 'config.headers');
    await refused({ type: 'webhook', name: 'x', config: { url: 'https://example.com' }, sampling_rate: 0 }, 'sampling_rate');
    await refused(
      // A pattern that backtracks would stall the process writing every account's log: regex is refused.
      { type: 'webhook', name: 'x', config: { url: 'https://example.com' }, filter_rules: { groups: [{ rules: [{ field: 'model', operator: 'regex', value: '(a+)+$' }] }] } },
      'regex is not offered',
    );
    await refused({ type: 'webhook', name: 'x', config: { url: 'https://example.com' }, api_key_hashes: ['0'.repeat(64)] }, 'api_key_hashes');
  });

  it('receive one span per generation, with its token counts and cost, from the log’s process, with the destination’s headers', async () => {
    receiver.requests.length = 0;
    const answers = [];
    for (let index = 0; index < 5; index++) answers.push(await chat(key.key));
    await gateway.writer.drain();
    const spans = spansOf(receiver.requests);
    expect(spans).toHaveLength(5);
    for (const answer of answers) {
      const found = spans.filter((span) => span.attributes['gen_ai.response.id'] === answer.id);
      expect(found).toHaveLength(1);
      const attributes = found[0]!.attributes;
      expect(attributes['gen_ai.usage.input_tokens']).toBe(answer.usage.prompt_tokens);
      expect(attributes['gen_ai.usage.output_tokens']).toBe(answer.usage.completion_tokens);
      expect(attributes['switchboard.cost.nano_usd']).toBe(toNanoDollars(answer.usage.cost));
      expect(attributes['switchboard.cost.usd']).toBeCloseTo(answer.usage.cost, 12);
      expect(attributes).toMatchObject({ 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'openai/gpt-4o-mini', 'switchboard.api_key.name': 'app key', 'switchboard.api_key.hash': key.hash });
      expect(found[0]!.span.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(found[0]!.request.headers.authorization).toBe(secret);
      expect(found[0]!.request.path).toMatch(/\/v1\/traces$/);
    }
    // Request context was not asked for: none sent.
    expect(spans.some((span) => 'user_agent.original' in span.attributes)).toBe(false);
  });

  it('send only what a destination takes: its keys, its filter rules, its workspace, and not when the workspace turns broadcast off', async () => {
    const filtered = await admin.observability.create({
      createObservabilityDestinationRequest: {
        type: 'webhook',
        name: 'llama only, batch key',
        config: { url: `${receiver.url}/filtered` },
        apiKeyHashes: [other.hash],
        filterRules: { enabled: true, groups: [{ logic: 'or', rules: [{ field: 'model', operator: 'starts_with', value: 'meta-llama/' }] }] },
      },
    });
    await settle();
    receiver.requests.length = 0;
    const llama = await chat(other.key, 'meta-llama/llama-3.3-70b-instruct');
    await chat(other.key, 'openai/gpt-4o-mini');
    await chat(key.key, 'meta-llama/llama-3.3-70b-instruct');
    await gateway.writer.drain();
    const toFiltered = spansOf(receiver.requests.filter((request) => request.path.endsWith('/filtered')));
    expect(toFiltered.map((span) => span.attributes['gen_ai.response.id'])).toEqual([llama.id]);
    // The collector (every key, no rules) had all three.
    expect(spansOf(receiver.requests.filter((request) => request.path.endsWith('/v1/traces')))).toHaveLength(3);

    // The default workspace turns broadcast off: nothing goes anywhere.
    await admin.workspaces.update({ id: 'default', updateWorkspaceRequest: { isObservabilityBroadcastEnabled: false } });
    receiver.requests.length = 0;
    await settle(); // the log process reads destinations and workspace settings once a second
    await chat(key.key);
    await gateway.writer.drain();
    expect(receiver.requests).toHaveLength(0);
    await admin.workspaces.update({ id: 'default', updateWorkspaceRequest: { isObservabilityBroadcastEnabled: true } });
    await admin.observability.delete({ id: (filtered.data as { id: string }).id });
  }, 30_000);

  it('retry a receiver that fails for a while, and give up on one that never recovers, counting it in /metrics', { timeout: 30_000 }, async () => {
    // The workspace switch and the deletion above are seen.
    await settle();
    receiver.requests.length = 0;
    failuresLeft = 2;
    const answer = await chat(key.key);
    await gateway.writer.drain();
    // Two 503s, then delivered: three tries of the same span.
    expect(receiver.requests).toHaveLength(3);
    expect(new Set(spansOf(receiver.requests).map((span) => span.span.spanId)).size).toBe(1);
    expect(spansOf(receiver.requests)[0]!.attributes['gen_ai.response.id']).toBe(answer.id);

    await admin.observability.update({ id: collectorId, updateObservabilityDestinationRequest: { config: { endpoint: `${broken.url}/v1/traces` } } });
    await settle();
    await chat(key.key);
    await chat(key.key);
    await gateway.writer.drain();
    // The first batch was tried three times — the first try and two retries — then given up, and the
    // destination paused: when the log process read the second record apart, it was not sent at all.
    // Either way both spans are dead letters, and the log went on.
    expect(broken.requests).toHaveLength(3);
    const triesBySpan = new Map<string, number>();
    for (const { span } of spansOf(broken.requests)) triesBySpan.set(span.spanId, (triesBySpan.get(span.spanId) ?? 0) + 1);
    expect([...triesBySpan.values()].every((tries) => tries === 3)).toBe(true);
    const metrics = await gateway.services.renderMetrics();
    const deadLetters = (reason: string) => Number(metrics.match(new RegExp(`switchboard_broadcast_dead_letters_total\\{type="otel-collector",reason="${reason}"\\} (\\d+)`))?.[1] ?? 0);
    expect(deadLetters('undeliverable') + deadLetters('paused')).toBe(2);
    expect(deadLetters('undeliverable')).toBe(triesBySpan.size);
    expect(metrics).toMatch(/switchboard_broadcast_spans_total\{type="otel-collector",outcome="delivered"\} \d+/);
    expect(await gateway.storedRecords()).toBeGreaterThanOrEqual(12);
  });
});
