import type { GenerationRequest } from '../../spec/generation-request.js';
import type { ProviderEndpoint } from '../provider.js';

/** Parameters OpenRouter lists per endpoint; these are dropped when the endpoint does not support them. */
export const knownParameters = new Set([
  'temperature',
  'top_p',
  'top_k',
  'min_p',
  'top_a',
  'frequency_penalty',
  'presence_penalty',
  'repetition_penalty',
  'logit_bias',
  'logprobs',
  'top_logprobs',
  'seed',
  'stop',
  'prediction',
  'web_search_options',
  'verbosity',
  'reasoning_effort',
]);

/**
 * Internal request → OpenAI Chat Completions body for one endpoint. Parameters the endpoint does
 * not support are dropped (as OpenRouter does); parameters Switchboard does not know are passed
 * through for the provider to interpret.
 */
export function convertToOpenAIChatRequest(request: GenerationRequest, endpoint: ProviderEndpoint, stream: boolean, sendsReasoningObject: boolean): Record<string, unknown> {
  const supported = endpoint.supportedParameters;
  const body: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(request.parameters)) {
    if (knownParameters.has(name) && supported.size > 0 && !supported.has(name)) continue;
    body[name] = value;
  }
  body.model = endpoint.upstreamModel;
  body.messages = request.messages;
  body.stream = stream;
  if (stream) body.stream_options = { include_usage: true };
  // The client's own field is kept (newer OpenAI models want max_completion_tokens); endpoints that do
  // not list it get max_tokens.
  delete body.max_completion_tokens;
  if (request.maxTokens !== undefined) {
    const usesCompletionField = 'max_completion_tokens' in request.parameters && (supported.size === 0 || supported.has('max_completion_tokens'));
    body[usesCompletionField ? 'max_completion_tokens' : 'max_tokens'] = request.maxTokens;
  }
  if (request.tools && request.tools.length > 0) {
    body.tools = request.tools;
    if (request.toolChoice !== undefined) body.tool_choice = request.toolChoice;
    if (request.parallelToolCalls !== undefined) body.parallel_tool_calls = request.parallelToolCalls;
  }
  if (request.responseFormat) body.response_format = request.responseFormat;
  if (request.reasoning) {
    if (sendsReasoningObject) body.reasoning = request.reasoning;
    else if (request.reasoning.effort && !('reasoning_effort' in body) && (supported.size === 0 || supported.has('reasoning') || supported.has('reasoning_effort'))) {
      body.reasoning_effort = request.reasoning.effort;
    }
  }
  if (request.user !== undefined) body.user = request.user;
  return body;
}
