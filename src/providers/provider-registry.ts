import type { ModelCatalog } from '../catalog/model-catalog.js';
import type { ProviderConfig } from '../config/config-schema.js';
import type { Secrets } from '../config/secrets.js';
import { AnthropicProvider } from './anthropic/anthropic-provider.js';
import { GeminiProvider } from './gemini/gemini-provider.js';
import { OpenAICompatibleProvider } from './openai-compatible/openai-compatible-provider.js';
import { OpenAIResponsesProvider } from './openai-responses/openai-responses-provider.js';
import type { Provider, ProviderEndpoint } from './provider.js';
import { presetFor } from './provider-presets.js';
import { SimulatorProvider } from './simulator/simulator-provider.js';

/** Every configured provider, and for each catalog model the endpoints that serve it. */
export class ProviderRegistry {
  private readonly byModel = new Map<string, ProviderEndpoint[]>();
  private readonly embeddingsByModel = new Map<string, ProviderEndpoint[]>();
  private readonly mediaByModel = new Map<string, ProviderEndpoint[]>();
  private readonly byId = new Map<string, Provider>();

  constructor(readonly providers: readonly Provider[]) {
    for (const provider of providers) {
      if (this.byId.has(provider.id)) throw new Error(`two providers have the id "${provider.id}"`);
      this.byId.set(provider.id, provider);
      for (const endpoint of provider.endpoints) {
        const list = this.byModel.get(endpoint.model.id) ?? [];
        list.push(endpoint);
        this.byModel.set(endpoint.model.id, list);
      }
      for (const endpoint of provider.embeddingEndpoints ?? []) {
        const list = this.embeddingsByModel.get(endpoint.model.id) ?? [];
        list.push(endpoint);
        this.embeddingsByModel.set(endpoint.model.id, list);
      }
      for (const endpoint of provider.mediaEndpoints ?? []) {
        const list = this.mediaByModel.get(endpoint.model.id) ?? [];
        list.push(endpoint);
        this.mediaByModel.set(endpoint.model.id, list);
      }
    }
  }

  /** Builds the providers a configuration describes. */
  static fromConfig(configs: readonly ProviderConfig[], catalog: ModelCatalog, secrets: Secrets): ProviderRegistry {
    const providers = configs.flatMap((config): Provider[] => {
      if (config.kind === 'simulator') return [new SimulatorProvider(config, catalog), ...config.extra_endpoints.map((profile) => new SimulatorProvider(config, catalog, profile))];
      const presetEnv = presetFor(config)?.apiKeyEnv;
      const reference = { env: config.api_key_env ?? presetEnv ?? undefined, secret: config.api_key_secret };
      const apiKey = () => secrets.resolve(reference);
      switch (config.kind) {
        case 'openai-compatible':
          return [new OpenAICompatibleProvider({ config, catalog, apiKey })];
        case 'anthropic':
          return [new AnthropicProvider({ config, catalog, apiKey })];
        case 'gemini':
          return [new GeminiProvider({ config, catalog, apiKey })];
        case 'openai-responses':
          return [new OpenAIResponsesProvider({ config, catalog, apiKey })];
        default:
          return config satisfies never;
      }
    });
    return new ProviderRegistry(providers);
  }

  provider(id: string): Provider | undefined {
    return this.byId.get(id);
  }

  endpointsFor(modelId: string): readonly ProviderEndpoint[] {
    return this.byModel.get(modelId) ?? [];
  }

  /** The endpoints that serve an embedding model. */
  embeddingEndpointsFor(modelId: string): readonly ProviderEndpoint[] {
    return this.embeddingsByModel.get(modelId) ?? [];
  }

  /** The endpoints that serve a media model (rerank, image, speech, transcription). */
  mediaEndpointsFor(modelId: string): readonly ProviderEndpoint[] {
    return this.mediaByModel.get(modelId) ?? [];
  }

  async close(): Promise<void> {
    await Promise.all(this.providers.map((provider) => provider.close?.()));
  }
}
