import { parsePricing } from '../../accounting/pricing.js';
import { mediaPricing } from '../media-pricing.js';
import { singleModelEndpoint } from '../single-model-endpoint.js';
import type { ModelCatalog } from '../../catalog/model-catalog.js';
import type { HttpProviderConfig } from '../../config/config-schema.js';
import type { ProviderEndpoint } from '../provider.js';

/** The endpoints a configured provider serves: its listed models (or every catalog model), with per-model overrides. */
export function buildEndpoints(config: HttpProviderConfig, providerId: string, providerName: string, catalog: ModelCatalog): ProviderEndpoint[] {
  const entries: HttpProviderConfig['models'] = config.all_catalog_models ? catalog.models.filter((model) => !model.switchboard.alias_target).map((model) => ({ id: model.id })) : config.models;
  return entries.map((entry) => {
    const model = catalog.get(entry.id);
    if (!model) throw new Error(`provider ${providerId}: model "${entry.id}" is not in the catalog`);
    return {
      id: `${providerId}/${model.id}`,
      providerId,
      providerName,
      model,
      upstreamModel: entry.upstream_model ?? model.id,
      pricing: parsePricing({ ...model.pricing, ...(entry.pricing ?? {}) }),
      contextLength: entry.context_length ?? model.top_provider.context_length ?? model.context_length,
      maxCompletionTokens: entry.max_completion_tokens ?? model.top_provider.max_completion_tokens,
      quantization: entry.quantization ?? null,
      supportedParameters: new Set(model.supported_parameters),
      dataCollection: config.data_collection,
      zdr: config.zdr,
      timeoutMs: config.timeout_ms,
    };
  });
}

/** The embedding endpoints a configured provider serves (models of the embedding catalog). */
export function buildEmbeddingEndpoints(config: HttpProviderConfig, providerId: string, providerName: string, catalog: ModelCatalog): ProviderEndpoint[] {
  return config.embedding_models.map((entry) => {
    const model = catalog.embeddingModel(entry.id);
    if (!model) throw new Error(`provider ${providerId}: embedding model "${entry.id}" is not in the embedding catalog (${catalog.embeddingModels.map((item) => item.id).join(', ')})`);
    return singleModelEndpoint({
      providerId,
      providerName,
      model,
      upstreamModel: entry.upstream_model ?? model.id,
      pricing: parsePricing({ ...model.pricing, ...(entry.price ? { prompt: entry.price } : {}) }),
      dataCollection: config.data_collection,
      zdr: config.zdr,
    });
  });
}

/** The media endpoints a configured provider serves (models of the media catalog). */
export function buildMediaEndpoints(config: HttpProviderConfig, providerId: string, providerName: string, catalog: ModelCatalog): ProviderEndpoint[] {
  return config.media_models.map((entry) => {
    const model = catalog.mediaModel(entry.id);
    if (!model) throw new Error(`provider ${providerId}: media model "${entry.id}" is not in the media catalog (${catalog.mediaModels.map((item) => item.id).join(', ')})`);
    return singleModelEndpoint({
      providerId,
      providerName,
      model,
      upstreamModel: entry.upstream_model ?? model.id.slice(model.id.indexOf('/') + 1),
      pricing: mediaPricing(model, entry.unit_price),
      dataCollection: config.data_collection,
      zdr: config.zdr,
      timeoutMs: config.timeout_ms,
    });
  });
}
