import type { Usage } from '../../spec/usage.js';
import type { ResponsesUsage } from './openai-responses-api.js';

/** Responses usage → normalised usage (input includes cached; output includes reasoning, as in Chat Completions). */
export function convertResponsesUsage(usage: ResponsesUsage): Usage {
  return {
    promptTokens: usage.input_tokens ?? 0,
    completionTokens: usage.output_tokens ?? 0,
    reasoningTokens: usage.output_tokens_details?.reasoning_tokens ?? 0,
    cachedTokens: usage.input_tokens_details?.cached_tokens ?? 0,
    cacheWriteTokens: 0,
    raw: usage,
  };
}
