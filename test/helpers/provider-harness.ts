import { fileURLToPath } from 'node:url';
import { ModelCatalog } from '../../src/catalog/model-catalog.js';
import { configSchema, type HttpProviderConfig } from '../../src/config/config-schema.js';
import { GatewayError } from '../../src/errors/gateway-error.js';
import { AnthropicProvider } from '../../src/providers/anthropic/anthropic-provider.js';
import { GeminiProvider } from '../../src/providers/gemini/gemini-provider.js';
import type { HttpProvider } from '../../src/providers/http/http-provider.js';
import { OpenAICompatibleProvider } from '../../src/providers/openai-compatible/openai-compatible-provider.js';
import { OpenAIResponsesProvider } from '../../src/providers/openai-responses/openai-responses-provider.js';
import { collectStream } from '../../src/spec/collect-stream.js';
import type { GenerationRequest } from '../../src/spec/generation-request.js';
import type { GenerationResult, StreamPart } from '../../src/spec/stream-part.js';
import { FakeUpstream, type FakeResponse, type ReceivedRequest } from './fake-upstream.js';

export const catalog = ModelCatalog.load();

/** A fixture file next to a test (`__fixtures__/<name>`). */
export function fixturePath(base: string, name: string): string {
  return fileURLToPath(new URL(`./__fixtures__/${name}`, base));
}

/**
 * One HTTP provider adapter of a wire format against a fake upstream that replays recorded
 * responses: call it whole or streamed and inspect what it sent.
 */
export class ProviderHarness {
  readonly upstream: FakeUpstream;
  provider!: HttpProvider;
  scenario: (request: ReceivedRequest) => FakeResponse = () => ({ kind: 'json', status: 500, body: { error: { message: 'no scenario' } } });

  constructor(
    private readonly kind: HttpProviderConfig['kind'],
    private readonly models: { id: string; upstream_model?: string }[],
  ) {
    this.upstream = new FakeUpstream((request) => this.scenario(request));
  }

  async start(): Promise<this> {
    await this.upstream.start();
    const config = configSchema.parse({
      providers: [{ kind: this.kind, id: 'fake', name: 'Fake Upstream', base_url: this.upstream.url, api_key_env: 'FAKE_KEY', timeout_ms: 5_000, models: this.models }],
    }).providers[0] as HttpProviderConfig;
    const options = { catalog, apiKey: () => 'sk-upstream-secret' };
    switch (config.kind) {
      case 'openai-compatible':
        this.provider = new OpenAICompatibleProvider({ ...options, config });
        break;
      case 'anthropic':
        this.provider = new AnthropicProvider({ ...options, config });
        break;
      case 'gemini':
        this.provider = new GeminiProvider({ ...options, config });
        break;
      case 'openai-responses':
        this.provider = new OpenAIResponsesProvider({ ...options, config });
        break;
    }
    return this;
  }

  async stop(): Promise<void> {
    await this.provider.close();
    await this.upstream.stop();
  }

  call(modelId: string, fields: Partial<GenerationRequest> = {}) {
    const endpoint = this.provider.endpoints.find((item) => item.model.id === modelId);
    if (!endpoint) throw new Error(`the harness serves no ${modelId}`);
    const request: GenerationRequest = { model: modelId, messages: [{ role: 'user', content: 'Hello' }], stream: false, parameters: {}, ...fields };
    return { request, endpoint, signal: new AbortController().signal };
  }

  generate(modelId: string, fields: Partial<GenerationRequest> = {}): Promise<GenerationResult> {
    return this.provider.generate(this.call(modelId, fields));
  }

  async streamParts(modelId: string, fields: Partial<GenerationRequest> = {}): Promise<StreamPart[]> {
    const parts: StreamPart[] = [];
    for await (const part of this.provider.stream(this.call(modelId, { ...fields, stream: true }))) parts.push(part);
    return parts;
  }

  async streamResult(modelId: string, fields: Partial<GenerationRequest> = {}): Promise<GenerationResult> {
    return collectStream(this.provider.stream(this.call(modelId, { ...fields, stream: true })));
  }

  /** The last request the upstream received. */
  get lastRequest(): ReceivedRequest {
    const request = this.upstream.requests.at(-1);
    if (!request) throw new Error('the upstream received nothing');
    return request;
  }
}

/** The GatewayError a promise rejects with. */
export async function rejection(promise: Promise<unknown>): Promise<GatewayError> {
  try {
    await promise;
  } catch (error) {
    if (GatewayError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}
