import type { Pricing } from '../accounting/pricing.js';
import type { CatalogModel } from '../catalog/catalog-model.js';

/** One model served by one provider: what routing chooses among and what the endpoints API lists. */
export interface ProviderEndpoint {
  /** Unique id: `<provider id>/<model id>`. */
  id: string;
  /** Routing slug of the provider (provider.order, only, ignore match on it). */
  providerId: string;
  /** Display name of the provider, as responses report it. */
  providerName: string;
  model: CatalogModel;
  /** The model name sent to the provider's API. */
  upstreamModel: string;
  pricing: Pricing;
  contextLength: number | null;
  maxCompletionTokens: number | null;
  quantization: string | null;
  supportedParameters: ReadonlySet<string>;
  dataCollection: 'allow' | 'deny';
  /** Zero data retention: the provider keeps no prompts or completions (for provider.zdr). */
  zdr: boolean;
  /** Most milliseconds a whole (not streamed) answer may take, request to last byte; none when absent. */
  timeoutMs?: number;
  /**
   * The account's own key for this provider (BYOK), on an attempt routing made for it: the call is
   * sent with it instead of the gateway's key. The endpoint's id then names the BYOK key too, so its
   * failures count apart from the gateway's own.
   */
  credential?: { apiKey: string; byokKeyId: string };
}
