import { normaliseFinishReason } from '../../spec/finish-reason.js';
import type { GenerationRequest } from '../../spec/generation-request.js';
import type { GenerationResult } from '../../spec/stream-part.js';
import type { Usage } from '../../spec/usage.js';
import { countRequestPromptTokens, countTextTokens } from '../../tokenization/count-tokens.js';
import { readUpstream } from '../http/upstream-schema.js';
import { convertOpenAIChatUsage } from './convert-openai-chat-usage.js';
import { openAIChatResponseSchema, tokenLogprobs } from './openai-chat-api.js';

/** When the provider sends no usage (some local servers), count it with the tokenizer rather than bill nothing. */
export function countedUsage(request: GenerationRequest, outputText: string): Usage {
  return {
    promptTokens: countRequestPromptTokens(request),
    completionTokens: countTextTokens(outputText),
    reasoningTokens: 0,
    cachedTokens: 0,
    cacheWriteTokens: 0,
    raw: { counted_by: 'switchboard' },
  };
}

/** A whole chat.completion → result: content, reasoning (`reasoning_content` or `reasoning`), tool calls, finish reason, usage. */
export function convertOpenAIChatResponse(providerName: string, body: unknown, request: GenerationRequest): GenerationResult {
  const parsed = readUpstream(openAIChatResponseSchema, body, providerName, 'chat completion');
  const choice = parsed.choices[0]!;
  const message = choice.message ?? {};
  const toolCalls = (message.tool_calls ?? []).map((call, index) => ({
    id: call.id ?? `call_${index}`,
    type: 'function' as const,
    function: { name: call.function?.name ?? '', arguments: call.function?.arguments ?? '' },
  }));
  const reasoning = message.reasoning_content ?? message.reasoning ?? null;
  const content = message.content ?? (toolCalls.length > 0 ? null : '');
  const usage = parsed.usage ? convertOpenAIChatUsage(parsed.usage) : countedUsage(request, `${reasoning ?? ''}${content ?? ''}${toolCalls.map((toolCall) => toolCall.function.arguments).join('')}`);
  return {
    upstreamId: parsed.id ?? null,
    content,
    reasoning,
    reasoningDetails: message.reasoning_details ?? [],
    toolCalls,
    finishReason: normaliseFinishReason(choice.finish_reason),
    nativeFinishReason: choice.finish_reason ?? null,
    usage,
    ...(tokenLogprobs(choice.logprobs) ? { logprobs: tokenLogprobs(choice.logprobs)! } : {}),
  };
}
