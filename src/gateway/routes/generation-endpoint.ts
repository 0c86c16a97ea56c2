import { GatewayError } from '../../errors/gateway-error.js';
import type { GenerationRequest } from '../../spec/generation-request.js';
import { parseJsonBody } from '../../wire/request-validation.js';
import { estimatePromptTokens } from '../../tokenization/count-tokens.js';
import type { ResponseFormatter } from '../../wire/wire-format.js';
import type { GatewayServices } from '../gateway-services.js';
import { runGeneration } from '../generation/run-generation.js';
import type { Route } from '../http/route-table.js';
import { attributeApp } from '../../accounts/attribute-app.js';
import { readSimulationHeaders } from '../pipeline/simulation-headers.js';
import { requireInferenceAccess } from './access.js';

/**
 * A POST route that serves generations in one inbound wire format: authenticate, parse the body
 * into the internal request, resolve the model, attribute the app, run the generation and answer
 * with the format's formatter.
 */
export function generationEndpoint(services: GatewayServices, path: string, parse: (body: unknown) => GenerationRequest, formatter: ResponseFormatter): Route {
  return {
    method: 'POST',
    path,
    handler: async (exchange) => {
      if (formatter.errorBody) exchange.errorRenderer = formatter.errorBody;
      // Anthropic's SDK sends its key as x-api-key (with apiKey) or as a Bearer token (with authToken).
      const apiKeyHeader = exchange.header('x-api-key');
      const auth = await services.authenticator.authenticate(exchange.header('authorization') ?? (apiKeyHeader ? `Bearer ${apiKeyHeader}` : undefined));
      requireInferenceAccess(auth);
      if (services.isShuttingDown()) throw new GatewayError('shutting_down', 'The gateway is shutting down; retry on another node');
      const contentType = exchange.header('content-type');
      if (contentType && !/^application\/(.+\+)?json\b/i.test(contentType) && !/^text\/plain\b/i.test(contentType)) {
        throw new GatewayError('unsupported_media_type', `Content-Type must be application/json, got ${contentType}`);
      }
      const body = await exchange.readBody();
      const request = parse(parseJsonBody(body));
      const sessionHeader = exchange.header('x-session-id');
      if (request.sessionId === undefined && sessionHeader) {
        if (sessionHeader.length > 256) throw new GatewayError('invalid_request', 'x-session-id: at most 256 characters', { metadata: { param: 'x-session-id' } });
        request.sessionId = sessionHeader;
      }
      const resolved = services.catalog.resolve(request.model);
      if (!resolved) {
        throw new GatewayError('model_not_found', `Model ${request.model} does not exist in the catalog; GET /api/v1/models lists the models`, {
          metadata: { model: request.model },
        });
      }
      const app = attributeApp({ referer: exchange.header('http-referer') ?? exchange.header('referer'), title: exchange.header('x-openrouter-title') ?? exchange.header('x-title') });
      const rateTicket = await services.limits.admit(auth, resolved.model, estimatePromptTokens(body.length, request.messages.length) + (request.maxTokens ?? 0));
      Object.assign(exchange.responseHeaders, rateTicket.headers);
      const simulated = services.config.simulation.trust_headers ? readSimulationHeaders(exchange) : null;
      if (simulated) exchange.responseHeaders['x-switchboard-simulated'] = 'accepted';
      await runGeneration({ exchange, services, auth, request, resolved, app, bodyBytes: body.length, apiType: 'completions', formatter, simulated, rateTicket });
    },
  };
}
