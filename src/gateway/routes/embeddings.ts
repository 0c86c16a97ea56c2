import { echo } from '../../wire/request-validation.js';
import { GatewayError } from '../../errors/gateway-error.js';
import { toOpenRouterModel } from './models.js';
import { parseEmbeddingsRequest } from '../../wire/openai-embeddings/parse-embeddings-request.js';
import type { GatewayServices } from '../gateway-services.js';
import { runEmbedding } from '../generation/run-embedding.js';
import type { Route } from '../http/route-table.js';
import { attributeApp } from '../../accounts/attribute-app.js';

/** POST /api/v1/embeddings (OpenAI's embeddings, any provider that serves the model) and GET /api/v1/embeddings/models. */
export function embeddingRoutes(services: GatewayServices): Route[] {
  return [
    {
      method: 'POST',
      path: '/api/v1/embeddings',
      access: 'inference',
      body: 'json',
      handler: async (exchange) => {
        const auth = exchange.principal;
        if (services.isShuttingDown()) throw new GatewayError('shutting_down', 'The gateway is shutting down; retry on another node');
        const request = parseEmbeddingsRequest(exchange.json);
        const model = services.catalog.embeddingModel(request.model);
        if (!model) {
          const known = services.catalog.embeddingModels.map((item) => item.id).join(', ');
          throw new GatewayError('model_not_found', `Embedding model ${echo(request.model)} does not exist; GET /api/v1/embeddings/models lists them (${known})`, {
            metadata: { model: request.model.slice(0, 200) },
          });
        }
        const app = attributeApp({ referer: exchange.header('http-referer') ?? exchange.header('referer'), title: exchange.header('x-openrouter-title') ?? exchange.header('x-title') });
        await runEmbedding({ exchange, services, auth, request, model, app });
      },
    },
    {
      method: 'GET',
      path: '/api/v1/embeddings/models',
      access: 'public',
      handler: (exchange) => {
        const served = services.catalog.embeddingModels.filter((model) => services.providers.embeddingEndpointsFor(model.id).length > 0);
        // Every model served fits one page: the shape of GET /models, with no next page.
        exchange.sendJson(200, { data: served.map(toOpenRouterModel), total_count: served.length, links: { next: null } });
      },
    },
  ];
}
