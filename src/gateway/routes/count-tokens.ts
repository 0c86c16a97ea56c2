import { GatewayError } from '../../errors/gateway-error.js';
import { countRequestPromptTokens } from '../../tokenization/count-tokens.js';
import { parseMessagesRequest } from '../../wire/anthropic-messages/parse-messages-request.js';
import { anthropicMessagesFormatter } from '../../wire/anthropic-messages/render-messages-response.js';
import { echo, expectObject } from '../../wire/request-validation.js';
import type { GatewayServices } from '../gateway-services.js';
import type { Route } from '../http/route-table.js';

/**
 * POST /api/v1/messages/count_tokens (Anthropic's messages.countTokens): the input tokens a Messages
 * request would take — its system prompt, messages and tools — counted with the gateway's tokenizer
 * (the count it bills by when a provider reports none). Nothing is generated or charged.
 */
export function countTokensRoutes(services: GatewayServices): Route[] {
  return [
    {
      method: 'POST',
      path: '/api/v1/messages/count_tokens',
      access: 'account',
      body: 'json',
      // Anthropic's error shape, as the Messages route answers.
      errorBody: anthropicMessagesFormatter.errorBody!,
      handler: async (exchange) => {
        const body = expectObject(exchange.json, 'body');
        // The same request as POST /messages, without max_tokens (which counting does not need).
        const request = parseMessagesRequest({ max_tokens: 1, ...body, stream: false });
        if (!services.catalog.resolve(request.model)) {
          throw new GatewayError('model_not_found', `Model ${echo(request.model)} does not exist in the catalog; GET /api/v1/models lists the models`, {
            metadata: { model: request.model.slice(0, 200) },
          });
        }
        exchange.sendJson(200, { input_tokens: countRequestPromptTokens(request) });
      },
    },
  ];
}
