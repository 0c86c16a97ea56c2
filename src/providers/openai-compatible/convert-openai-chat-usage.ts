import type { Usage } from '../../spec/usage.js';
import type { OpenAIUsage } from './openai-chat-api.js';

/** OpenAI-compatible usage → normalised usage (cache reads from any of the fields servers use), keeping the raw object. */
export function convertOpenAIChatUsage(usage: OpenAIUsage): Usage {
  const cached = usage.prompt_tokens_details?.cached_tokens ?? usage.prompt_cache_hit_tokens ?? usage.cache_read_input_tokens ?? 0;
  const cacheWrite = usage.prompt_tokens_details?.cache_write_tokens ?? usage.cache_creation_input_tokens ?? 0;
  return {
    promptTokens: usage.prompt_tokens ?? 0,
    completionTokens: usage.completion_tokens ?? 0,
    reasoningTokens: usage.completion_tokens_details?.reasoning_tokens ?? 0,
    cachedTokens: cached,
    cacheWriteTokens: cacheWrite,
    raw: usage,
  };
}
