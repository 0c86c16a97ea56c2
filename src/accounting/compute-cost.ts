import type { FinishReason } from '../spec/finish-reason.js';
import type { Usage } from '../spec/usage.js';
import { fromNanoDollars, toNanoDollars, type Pricing } from './pricing.js';

export interface CostBreakdown {
  /** What is charged, in nano-USD (the ledger's unit). */
  totalNano: number;
  /** What is charged, in USD (totalNano / 1e9). */
  total: number;
  prompt: number;
  /** Output: completion tokens, and a media request's units. */
  completion: number;
  /** Savings from cache reads minus the premium of cache writes, USD; negative when writes cost more than they saved. */
  cacheDiscount: number;
  /** True when Zero Completion Insurance waived the charge. */
  waived: boolean;
}

/**
 * Prices a generation from the usage the provider reported:
 *  - prompt tokens not read from or written to the cache at the prompt price,
 *  - cache reads at input_cache_read and cache writes at input_cache_write (the prompt price when unset),
 *  - completion tokens at the completion price; reasoning tokens (part of completion) at
 *    internal_reasoning when the endpoint prices them apart,
 *  - media units (images, characters, seconds, search units) at the endpoint's unit price,
 *  - plus the per-request price, less pricing.discount.
 * Zero Completion Insurance: nothing is charged when the generation ended in error, or when it
 * produced no completion token and has no finish reason.
 */
export function computeCost(pricing: Pricing, usage: Usage, finishReason: FinishReason | null): CostBreakdown {
  if (finishReason === 'error' || (usage.completionTokens === 0 && finishReason === null)) {
    return { totalNano: 0, total: 0, prompt: 0, completion: 0, cacheDiscount: 0, waived: true };
  }
  const cached = Math.min(usage.cachedTokens, usage.promptTokens);
  const cacheWrite = Math.min(usage.cacheWriteTokens, usage.promptTokens - cached);
  const uncached = usage.promptTokens - cached - cacheWrite;
  const cacheReadPrice = pricing.cacheRead ?? pricing.prompt;
  const cacheWritePrice = pricing.cacheWrite ?? pricing.prompt;
  const prompt = uncached * pricing.prompt + cached * cacheReadPrice + cacheWrite * cacheWritePrice;

  const reasoning = Math.min(usage.reasoningTokens, usage.completionTokens);
  const completion =
    pricing.internalReasoning === null ? usage.completionTokens * pricing.completion : (usage.completionTokens - reasoning) * pricing.completion + reasoning * pricing.internalReasoning;

  const media = (usage.mediaUnits ?? 0) * (pricing.unit?.price ?? 0);
  const multiplier = 1 - pricing.discount;
  const totalNano = toNanoDollars((prompt + completion + media + pricing.request) * multiplier);
  const cacheDiscount = ((cached + cacheWrite) * pricing.prompt - (cached * cacheReadPrice + cacheWrite * cacheWritePrice)) * multiplier;
  return {
    totalNano,
    total: fromNanoDollars(totalNano),
    prompt: fromNanoDollars(toNanoDollars(prompt * multiplier)),
    completion: fromNanoDollars(toNanoDollars((completion + media) * multiplier)),
    cacheDiscount: fromNanoDollars(toNanoDollars(cacheDiscount)),
    waived: false,
  };
}

/** The most a request can cost: its prompt plus `maxCompletionTokens` of output and `maxMediaUnits` (for the 402 pre-check). */
export function maximumCostNano(pricing: Pricing, promptTokens: number, maxCompletionTokens: number, maxMediaUnits = 0): number {
  const promptPrice = Math.max(pricing.prompt, pricing.cacheWrite ?? 0);
  const completionPrice = Math.max(pricing.completion, pricing.internalReasoning ?? 0);
  const media = maxMediaUnits * (pricing.unit?.price ?? 0);
  return toNanoDollars((promptTokens * promptPrice + maxCompletionTokens * completionPrice + media + pricing.request) * (1 - pricing.discount));
}
