import type { Pricing } from '../../accounting/pricing.js';
import type { GenerationRecord } from '../../spec/generation-record.js';

/** A generation's cost taken apart at its endpoint's prices (USD), beside what was charged. */
export interface CostParts {
  prompt: number;
  cache_read: number;
  cache_write: number;
  completion: number;
  reasoning: number;
  request: number;
  /** The endpoint's discount on the whole (OpenRouter's pricing.discount), subtracted. */
  discount: number;
  /** What the parts come to; equal to what was charged unless the charge was capped or waived. */
  parts_total: number;
}

/** The parts of a recorded generation's cost by the same rules as accounting/compute-cost.ts. */
export function costParts(pricing: Pricing, record: GenerationRecord): CostParts {
  const cached = Math.min(record.native_tokens_cached, record.tokens_prompt);
  const cacheWrite = Math.min(record.native_tokens_cache_write, record.tokens_prompt - cached);
  const uncached = record.tokens_prompt - cached - cacheWrite;
  const reasoning = Math.min(record.native_tokens_reasoning, record.tokens_completion);
  const gross = {
    prompt: uncached * pricing.prompt,
    cache_read: cached * (pricing.cacheRead ?? pricing.prompt),
    cache_write: cacheWrite * (pricing.cacheWrite ?? pricing.prompt),
    completion: (record.tokens_completion - reasoning) * pricing.completion,
    reasoning: reasoning * (pricing.internalReasoning ?? pricing.completion),
    request: record.finish_reason === 'error' ? 0 : pricing.request,
  };
  const sum = Object.values(gross).reduce((a, b) => a + b, 0);
  const round = (value: number) => Math.round(value * 1e9) / 1e9;
  const discount = sum * pricing.discount;
  return {
    prompt: round(gross.prompt),
    cache_read: round(gross.cache_read),
    cache_write: round(gross.cache_write),
    completion: round(gross.completion),
    reasoning: round(gross.reasoning),
    request: round(gross.request),
    discount: round(discount),
    parts_total: round(sum - discount),
  };
}
