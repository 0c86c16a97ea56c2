import type { ModelCatalog } from '../catalog/model-catalog.js';
import type { ProviderConfig } from '../config/config-schema.js';
import type { Secrets } from '../config/secrets.js';
import { OpenAICompatibleProvider } from './openai-compatible/openai-compatible-provider.js';
import { providerPresets } from './openai-compatible/presets.js';
import type { Provider, ProviderEndpoint } from './provider.js';
import { SimulatorProvider } from './simulator/simulator-provider.js';

/** Every configured provider, and for each catalog model the endpoints that serve it. */
export class ProviderRegistry {
  private readonly byModel = new Map<string, ProviderEndpoint[]>();
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
    }
  }

  /** Builds the providers a configuration describes. */
  static fromConfig(configs: readonly ProviderConfig[], catalog: ModelCatalog, secrets: Secrets): ProviderRegistry {
    const providers = configs.map((config): Provider => {
      if (config.kind === 'simulator') return new SimulatorProvider(config, catalog);
      const presetEnv = config.preset ? providerPresets[config.preset]?.apiKeyEnv : undefined;
      const reference = { env: config.api_key_env ?? presetEnv ?? undefined, secret: config.api_key_secret };
      return new OpenAICompatibleProvider({ config, catalog, apiKey: () => secrets.resolve(reference) });
    });
    return new ProviderRegistry(providers);
  }

  provider(id: string): Provider | undefined {
    return this.byId.get(id);
  }

  endpointsFor(modelId: string): readonly ProviderEndpoint[] {
    return this.byModel.get(modelId) ?? [];
  }

  async close(): Promise<void> {
    await Promise.all(this.providers.map((provider) => provider.close?.()));
  }
}
