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
  /**
   * Units of a media request, billed at its endpoint's unit price (`Pricing.unit`): images made,
   * characters spoken, seconds transcribed, rerank search units. Absent for text generations.
   */
  mediaUnits?: number;
  raw?: unknown;
}

/**
 * Usage as a provider reported it, before the gateway checked it (accounting/meter-usage.ts): each
 * count is whatever the provider sent — usually a non-negative integer, but a hostile or broken
 * provider can send a string, a fraction, a negative or absurd number, or nothing.
 */
export type ReportedUsage = { [Field in Exclude<keyof Usage, 'raw' | 'mediaUnits'>]: unknown } & { mediaUnits?: unknown; raw?: unknown };

export const emptyUsage: Readonly<Usage> = Object.freeze({
  promptTokens: 0,
  completionTokens: 0,
  reasoningTokens: 0,
  cachedTokens: 0,
  cacheWriteTokens: 0,
});
