/**
 * Token usage normalised across providers. Reasoning tokens are part of completion tokens; cached
 * (cache read) and cache-write tokens are part of prompt tokens. `raw` keeps the provider's own object.
 */
export interface Usage {
  promptTokens: number;
  completionTokens: number;
  reasoningTokens: number;
  cachedTokens: number;
  cacheWriteTokens: number;
  raw?: unknown;
}

export const emptyUsage: Readonly<Usage> = Object.freeze({
  promptTokens: 0,
  completionTokens: 0,
  reasoningTokens: 0,
  cachedTokens: 0,
  cacheWriteTokens: 0,
});
