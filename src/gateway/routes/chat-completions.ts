import { parseChatRequest } from '../../wire/openai-chat/parse-chat-request.js';
import { chatCompletionFormatter } from '../../wire/openai-chat/render-chat-response.js';
import { parseCompletionRequest } from '../../wire/openai-completions/parse-completion-request.js';
import { textCompletionFormatter } from '../../wire/openai-completions/render-completion-response.js';
import type { GatewayServices } from '../gateway-services.js';
import type { Route } from '../http/route-table.js';
import { generationEndpoint } from './generation-endpoint.js';

/**
 * POST /api/v1/chat/completions (OpenAI Chat Completions with OpenRouter's extras) and
 * POST /api/v1/completions (legacy: a raw prompt, answered as text_completion).
 */
export function chatCompletionsRoutes(services: GatewayServices): Route[] {
  return [
    generationEndpoint(services, '/api/v1/chat/completions', parseChatRequest, chatCompletionFormatter),
    generationEndpoint(services, '/api/v1/completions', parseCompletionRequest, textCompletionFormatter),
  ];
}
