import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FakeUpstream, readChunks, readJson, type FakeResponse, type ReceivedRequest } from './fake-upstream.js';
import { startTestGateway, type TestGateway } from './test-gateway.js';

/** A recorded provider response (`<format>/<file>`) from the adapters' fixture folders. */
export function providerFixture(format: 'openai-compatible' | 'anthropic' | 'gemini' | 'openai-responses', name: string): string {
  return fileURLToPath(new URL(`../../src/providers/${format}/__fixtures__/${name}`, import.meta.url));
}

export const replay = {
  json: (format: Parameters<typeof providerFixture>[0], name: string): FakeResponse => ({ kind: 'json', body: readJson(providerFixture(format, name)) }),
  sse: (format: Parameters<typeof providerFixture>[0], name: string): FakeResponse => ({ kind: 'sse', chunks: readChunks(providerFixture(format, name)) }),
  text: (format: Parameters<typeof providerFixture>[0], name: string): string => readFileSync(providerFixture(format, name), 'utf8'),
};

type Scenario = (request: ReceivedRequest) => FakeResponse;
export type UpstreamFormat = 'openai' | 'anthropic' | 'gemini' | 'responses';

/**
 * A gateway in front of four fake upstreams, one per wire format, each serving its own models:
 *  - openai-compatible: openai/gpt-4o-mini, deepseek/deepseek-r1 (with DeepSeek's cache price), text-embedding-3-small
 *  - anthropic: anthropic/claude-sonnet-4.5
 *  - gemini: google/gemini-2.5-flash, gemini-embedding-001
 *  - openai-responses: openai/gpt-5
 * Each upstream answers with the scenario a test sets.
 */
export class FormatGateway {
  readonly upstreams: Record<UpstreamFormat, FakeUpstream> = {
    openai: new FakeUpstream((request) => this.scenarios.openai(request)),
    anthropic: new FakeUpstream((request) => this.scenarios.anthropic(request)),
    gemini: new FakeUpstream((request) => this.scenarios.gemini(request)),
    responses: new FakeUpstream((request) => this.scenarios.responses(request)),
  };
  readonly scenarios: Record<UpstreamFormat, Scenario> = {
    openai: () => ({ kind: 'json', status: 500, body: { error: { message: 'no scenario' } } }),
    anthropic: () => ({ kind: 'json', status: 500, body: { error: { message: 'no scenario' } } }),
    gemini: () => ({ kind: 'json', status: 500, body: { error: { message: 'no scenario' } } }),
    responses: () => ({ kind: 'json', status: 500, body: { error: { message: 'no scenario' } } }),
  };
  gateway!: TestGateway;

  async start(): Promise<this> {
    for (const upstream of Object.values(this.upstreams)) await upstream.start();
    this.gateway = await startTestGateway({
      providers: [
        {
          kind: 'openai-compatible',
          id: 'fake-openai',
          name: 'Fake OpenAI',
          base_url: this.upstreams.openai.url,
          models: [
            { id: 'openai/gpt-4o-mini', upstream_model: 'gpt-4o-mini' },
            { id: 'deepseek/deepseek-r1', upstream_model: 'deepseek-reasoner', pricing: { input_cache_read: '0.00000014' } },
          ],
          embedding_models: [{ id: 'openai/text-embedding-3-small' }],
        },
        {
          kind: 'anthropic',
          id: 'fake-anthropic',
          name: 'Fake Anthropic',
          base_url: this.upstreams.anthropic.url,
          models: [{ id: 'anthropic/claude-sonnet-4.5', upstream_model: 'claude-sonnet-4-5-20250929' }],
        },
        {
          kind: 'gemini',
          id: 'fake-gemini',
          name: 'Fake Gemini',
          base_url: this.upstreams.gemini.url,
          models: [{ id: 'google/gemini-2.5-flash', upstream_model: 'gemini-2.5-flash' }],
          embedding_models: [{ id: 'google/gemini-embedding-001', upstream_model: 'gemini-embedding-001' }],
        },
        { kind: 'openai-responses', id: 'fake-responses', name: 'Fake Responses', base_url: this.upstreams.responses.url, models: [{ id: 'openai/gpt-5', upstream_model: 'gpt-5' }] },
      ],
    });
    return this;
  }

  /** An API key of the local account, for the official clients. */
  get key(): string {
    return this.gateway.localKey;
  }

  get url(): string {
    return this.gateway.url;
  }

  /** The generation record of an id, once the log has it. */
  async record(id: string): Promise<Record<string, unknown>> {
    const response = await this.gateway.call(`/api/v1/generation?id=${id}`);
    if (response.status !== 200) throw new Error(`generation ${id}: HTTP ${response.status} ${await response.text()}`);
    return ((await response.json()) as { data: Record<string, unknown> }).data;
  }

  async stop(): Promise<void> {
    await this.gateway?.close();
    for (const upstream of Object.values(this.upstreams)) await upstream.stop();
  }
}
