import type { ReportedUsage } from '../../spec/usage.js';
import { countOrZero } from '../http/upstream-schema.js';
import type { OpenAIUsage } from './openai-chat-api.js';

/** OpenAI-compatible usage → the reported usage (cache reads from any of the fields servers use), keeping the raw object. */
export function convertOpenAIChatUsage(usage: OpenAIUsage): ReportedUsage {
  const cached = usage.prompt_tokens_details?.cached_tokens ?? usage.prompt_cache_hit_tokens ?? usage.cache_read_input_tokens;
  const cacheWrite = usage.prompt_tokens_details?.cache_write_tokens ?? usage.cache_creation_input_tokens;
  return {
    promptTokens: countOrZero(usage.prompt_tokens),
    completionTokens: countOrZero(usage.completion_tokens),
    reasoningTokens: countOrZero(usage.completion_tokens_details?.reasoning_tokens),
    cachedTokens: countOrZero(cached),
    cacheWriteTokens: countOrZero(cacheWrite),
    raw: usage,
  };
}
