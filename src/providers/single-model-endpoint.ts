import type { Pricing } from '../accounting/pricing.js';
import type { CatalogModel } from '../catalog/catalog-model.js';
import type { ProviderEndpoint } from './provider-endpoint.js';

/**
 * An endpoint of an embedding or media model: the model's own context length and parameters, no
 * completion limit or quantization — what every provider kind lists for such models.
 */
export function singleModelEndpoint(input: {
  providerId: string;
  providerName: string;
  model: CatalogModel;
  upstreamModel: string;
  pricing: Pricing;
  dataCollection: 'allow' | 'deny';
  zdr: boolean;
  timeoutMs?: number;
}): ProviderEndpoint {
  return {
    id: `${input.providerId}/${input.model.id}`,
    providerId: input.providerId,
    providerName: input.providerName,
    model: input.model,
    upstreamModel: input.upstreamModel,
    pricing: input.pricing,
    contextLength: input.model.context_length,
    maxCompletionTokens: null,
    quantization: null,
    supportedParameters: new Set(input.model.supported_parameters),
    dataCollection: input.dataCollection,
    zdr: input.zdr,
    ...(input.timeoutMs !== undefined ? { timeoutMs: input.timeoutMs } : {}),
  };
}
