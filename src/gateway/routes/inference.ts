import { parseMessagesRequest } from '../../wire/anthropic-messages/parse-messages-request.js';
import { anthropicMessagesFormatter } from '../../wire/anthropic-messages/render-messages-response.js';
import { parseChatRequest } from '../../wire/openai-chat/parse-chat-request.js';
import { chatCompletionFormatter } from '../../wire/openai-chat/render-chat-response.js';
import { parseCompletionRequest } from '../../wire/openai-completions/parse-completion-request.js';
import { textCompletionFormatter } from '../../wire/openai-completions/render-completion-response.js';
import { parseResponsesRequest } from '../../wire/openai-responses/parse-responses-request.js';
import { responsesFormatter } from '../../wire/openai-responses/render-responses-response.js';
import type { GatewayServices } from '../gateway-services.js';
import type { Route } from '../http/route-table.js';
import { countTokensRoutes } from './count-tokens.js';
import { generationEndpoint } from './generation-endpoint.js';

/**
 * POST /api/v1/chat/completions (OpenAI Chat Completions with OpenRouter's extras) and
 * POST /api/v1/completions (legacy: a raw prompt, answered as text_completion),
 * POST /api/v1/messages (Anthropic Messages, answered in Anthropic's shapes and SSE events),
 * POST /api/v1/responses (OpenAI Responses, stateless).
 */
export function inferenceRoutes(services: GatewayServices): Route[] {
  return [
    generationEndpoint(services, '/api/v1/chat/completions', parseChatRequest, chatCompletionFormatter, 'chat'),
    generationEndpoint(services, '/api/v1/completions', parseCompletionRequest, textCompletionFormatter, 'completions'),
    ...countTokensRoutes(services),
    generationEndpoint(services, '/api/v1/messages', parseMessagesRequest, anthropicMessagesFormatter, 'messages'),
    generationEndpoint(services, '/api/v1/responses', parseResponsesRequest, responsesFormatter, 'responses'),
  ];
}
