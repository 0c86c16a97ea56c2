import { GatewayError } from '../../errors/gateway-error.js';
import { parseJsonBody } from '../../wire/request-validation.js';
import { parseChatRequest } from '../../wire/openai-chat/parse-chat-request.js';
import type { GatewayServices } from '../gateway-services.js';
import { runGeneration } from '../generation/run-generation.js';
import type { Route } from '../http/route-table.js';
import { attributeApp } from '../pipeline/attribute-app.js';
import { requireInferenceAccess } from './access.js';

/** POST /api/v1/chat/completions: OpenAI Chat Completions with OpenRouter's extras. */
export function chatCompletionsRoutes(services: GatewayServices): Route[] {
  return [
    {
      method: 'POST',
      path: '/api/v1/chat/completions',
      handler: async (exchange) => {
        const auth = await services.authenticator.authenticate(exchange.header('authorization'));
        requireInferenceAccess(auth);
        if (services.isShuttingDown()) throw new GatewayError('shutting_down', 'The gateway is shutting down; retry on another node');
        const contentType = exchange.header('content-type');
        if (contentType && !/^application\/(.+\+)?json\b/i.test(contentType) && !/^text\/plain\b/i.test(contentType)) {
          throw new GatewayError('unsupported_media_type', `Content-Type must be application/json, got ${contentType}`);
        }
        const body = await exchange.readBody();
        const request = parseChatRequest(parseJsonBody(body));
        const resolved = services.catalog.resolve(request.model);
        if (!resolved) {
          throw new GatewayError('model_not_found', `Model ${request.model} does not exist in the catalog; GET /api/v1/models lists the models`, {
            metadata: { model: request.model },
          });
        }
        const app = attributeApp({ referer: exchange.header('http-referer') ?? exchange.header('referer'), title: exchange.header('x-openrouter-title') ?? exchange.header('x-title') });
        await runGeneration({ exchange, services, auth, request, resolved, app, bodyBytes: body.length, apiType: 'completions' });
      },
    },
  ];
}
