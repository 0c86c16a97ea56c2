import type { AppAttribution } from '../../accounts/attribute-app.js';
import type { CatalogModel } from '../../catalog/catalog-model.js';
import type { Principal } from '../../spec/principal.js';
import { countTextTokens } from '../../tokenization/count-tokens.js';
import type { EmbeddingsRequest } from '../../wire/openai-embeddings/parse-embeddings-request.js';
import { renderEmbeddingsResponse } from '../../wire/openai-embeddings/render-embeddings-response.js';
import type { GatewayServices } from '../gateway-services.js';
import type { HttpExchange } from '../http/http-exchange.js';
import { lacksMedia, runMedia } from './run-media.js';

export interface EmbeddingContext {
  exchange: HttpExchange;
  services: GatewayServices;
  auth: Principal;
  request: EmbeddingsRequest;
  model: CatalogModel;
  app: AppAttribution | null;
}

/**
 * Serves one embeddings request through the one runner of every request that is not a chat
 * (run-media.ts): routed among the endpoints of the embedding catalog that serve the model
 * (OpenRouter's provider preferences apply), reserved, failed over, priced by its input tokens,
 * recorded (api_type "embeddings", the inputs' language detected, never classified) and answered
 * in OpenAI's shape, floats or base64.
 */
export async function runEmbedding(context: EmbeddingContext): Promise<void> {
  const { exchange, services, auth, request, model } = context;
  const text = request.inputs.join('\n');
  const own = () => countTextTokens(text);
  await runMedia(
    { exchange, services, auth, app: context.app },
    {
      apiType: 'embeddings',
      model,
      request,
      text,
      endpoints: services.providers.embeddingEndpointsFor(model.id),
      parameters: request.dimensions !== undefined ? { dimensions: request.dimensions } : {},
      maxUnits: 0,
      invoke: (provider, endpoint, signal) => {
        if (!provider.embed) throw lacksMedia(provider, 'embeddings');
        return provider.embed({ endpoint, inputs: request.inputs, ...(request.dimensions !== undefined ? { dimensions: request.dimensions } : {}), signal });
      },
      reported: (value) => ({ promptTokens: value.promptTokens, mediaUnits: 0 }),
      ownUnits: () => 0,
      ownPromptTokens: own,
      render: (value, charge, facts) => ({
        json: renderEmbeddingsResponse({
          id: facts.generationId,
          model: model.id,
          provider: facts.endpoint.providerName,
          vectors: value.vectors,
          encodingFormat: request.encodingFormat,
          promptTokens: charge.usage.promptTokens,
          cost: charge.cost,
          isByok: facts.isByok,
        }),
      }),
    },
  );
}
