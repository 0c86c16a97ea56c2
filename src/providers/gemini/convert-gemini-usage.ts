import type { ReportedUsage } from '../../spec/usage.js';
import { addCounts, countOrZero } from '../http/upstream-schema.js';
import type { GeminiUsageMetadata } from './gemini-api.js';

/**
 * Gemini usageMetadata → the reported usage: the prompt is promptTokenCount (cached content
 * included) plus tool-use prompt tokens; the completion is candidates plus thoughts (Gemini counts
 * thinking apart; OpenRouter counts it inside completion tokens).
 */
export function convertGeminiUsage(usage: GeminiUsageMetadata): ReportedUsage {
  return {
    promptTokens: addCounts(usage.promptTokenCount, usage.toolUsePromptTokenCount),
    completionTokens: addCounts(usage.candidatesTokenCount, usage.thoughtsTokenCount),
    reasoningTokens: countOrZero(usage.thoughtsTokenCount),
    cachedTokens: countOrZero(usage.cachedContentTokenCount),
    cacheWriteTokens: 0,
    raw: usage,
  };
}
