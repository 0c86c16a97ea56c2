import type { ChatMessage, ContentPart } from '../../spec/chat-message.js';
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

export interface OpenAIChatDialect {
  /** The upstream is OpenRouter (or another gateway of its kind): send the `reasoning` object, reasoning_details and cache_control as they are. */
  openRouterExtras: boolean;
  /** How an assistant turn's reasoning goes back (see ProviderPreset.reasoningEcho). */
  reasoningEcho: 'reasoning_details' | 'reasoning_content' | 'none';
}

function withoutCacheControl(content: string | ContentPart[] | null): string | ContentPart[] | null {
  if (!Array.isArray(content)) return content;
  return content.map((part) => {
    if (!('cache_control' in part)) return part;
    const { cache_control: _dropped, ...rest } = part as ContentPart & { cache_control?: unknown };
    return rest as ContentPart;
  });
}

/** Messages as this dialect takes them: reasoning echoed its way, cache_control only where understood. */
function convertMessages(messages: readonly ChatMessage[], dialect: OpenAIChatDialect): unknown[] {
  return messages.map((message) => {
    const content = dialect.openRouterExtras ? message.content : withoutCacheControl(message.content);
    if (message.role !== 'assistant') return { ...message, content };
    const { reasoning, reasoning_details: details, ...rest } = message;
    const converted: Record<string, unknown> = { ...rest, content };
    if (dialect.reasoningEcho === 'reasoning_details') {
      if (details?.length) converted.reasoning_details = details;
      else if (reasoning) converted.reasoning = reasoning;
    } else if (dialect.reasoningEcho === 'reasoning_content') {
      const text = reasoning ?? details?.map((detail) => detail.text ?? detail.summary ?? '').join('') ?? '';
      if (text) converted.reasoning_content = text;
    }
    return converted;
  });
}

/**
 * Internal request → OpenAI Chat Completions body for one endpoint. Parameters the endpoint does
 * not support are dropped (as OpenRouter does); parameters Switchboard does not know are passed
 * through for the provider to interpret. A legacy completion's prompt goes as one user message.
 */
export function convertToOpenAIChatRequest(request: GenerationRequest, endpoint: ProviderEndpoint, stream: boolean, dialect: OpenAIChatDialect): Record<string, unknown> {
  const supported = endpoint.supportedParameters;
  const body: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(request.parameters)) {
    if (knownParameters.has(name) && supported.size > 0 && !supported.has(name)) continue;
    body[name] = value;
  }
  body.model = endpoint.upstreamModel;
  body.messages = convertMessages(request.messages, dialect);
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
    if (dialect.openRouterExtras) body.reasoning = request.reasoning;
    else if (request.reasoning.effort && !('reasoning_effort' in body) && (supported.size === 0 || supported.has('reasoning') || supported.has('reasoning_effort'))) {
      body.reasoning_effort = request.reasoning.effort;
    }
  }
  if (request.user !== undefined) body.user = request.user;
  return body;
}
