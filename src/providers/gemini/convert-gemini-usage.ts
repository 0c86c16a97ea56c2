import type { Usage } from '../../spec/usage.js';
import type { GeminiUsageMetadata } from './gemini-api.js';

/**
 * Gemini usageMetadata → normalised usage: the prompt is promptTokenCount (cached content
 * included) plus tool-use prompt tokens; the completion is candidates plus thoughts (Gemini counts
 * thinking apart; OpenRouter counts it inside completion tokens).
 */
export function convertGeminiUsage(usage: GeminiUsageMetadata): Usage {
  const thoughts = usage.thoughtsTokenCount ?? 0;
  return {
    promptTokens: (usage.promptTokenCount ?? 0) + (usage.toolUsePromptTokenCount ?? 0),
    completionTokens: (usage.candidatesTokenCount ?? 0) + thoughts,
    reasoningTokens: thoughts,
    cachedTokens: usage.cachedContentTokenCount ?? 0,
    cacheWriteTokens: 0,
    raw: usage,
  };
}
