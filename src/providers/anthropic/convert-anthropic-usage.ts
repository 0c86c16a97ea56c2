import type { Usage } from '../../spec/usage.js';
import { countTextTokens } from '../../tokenization/count-tokens.js';
import type { AnthropicUsage } from './anthropic-messages-api.js';

/**
 * Anthropic usage → normalised usage. Anthropic's input_tokens leave out the cached part: the
 * prompt is input + cache reads + cache writes. Output tokens include thinking, which Anthropic does
 * not count apart; the reasoning count is the thinking text's tokens (tokenizer), at most the output.
 */
export function convertAnthropicUsage(usage: AnthropicUsage, thinkingText: string): Usage {
  const input = usage.input_tokens ?? 0;
  const cacheRead = usage.cache_read_input_tokens ?? 0;
  const cacheWrite = usage.cache_creation_input_tokens ?? 0;
  const output = usage.output_tokens ?? 0;
  return {
    promptTokens: input + cacheRead + cacheWrite,
    completionTokens: output,
    reasoningTokens: Math.min(output, countTextTokens(thinkingText)),
    cachedTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
    raw: usage,
  };
}
