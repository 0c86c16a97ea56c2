import type { ReportedUsage } from '../../spec/usage.js';
import { countTextTokens } from '../../tokenization/count-tokens.js';
import { addCounts, countOrZero } from '../http/upstream-schema.js';
import type { AnthropicUsage } from './anthropic-messages-api.js';

/**
 * Anthropic usage → the reported usage. Anthropic's input_tokens leave out the cached part: the
 * prompt is input + cache reads + cache writes. Output tokens include thinking, which Anthropic does
 * not count apart; the reasoning count is the thinking text's tokens (tokenizer), at most the output.
 */
export function convertAnthropicUsage(usage: AnthropicUsage, thinkingText: string): ReportedUsage {
  const output = countOrZero(usage.output_tokens);
  const thinking = countTextTokens(thinkingText);
  return {
    promptTokens: addCounts(usage.input_tokens, usage.cache_read_input_tokens, usage.cache_creation_input_tokens),
    completionTokens: output,
    reasoningTokens: typeof output === 'number' ? Math.min(output, thinking) : thinking,
    cachedTokens: countOrZero(usage.cache_read_input_tokens),
    cacheWriteTokens: countOrZero(usage.cache_creation_input_tokens),
    raw: usage,
  };
}
