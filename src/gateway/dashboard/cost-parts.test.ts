import { describe, expect, it } from 'vitest';
import { computeCost } from '../../accounting/compute-cost.js';
import type { Pricing } from '../../accounting/pricing.js';
import { sampleGenerationRecord } from '../../../test/helpers/sample-generation-record.js';
import { costParts } from './cost-parts.js';

describe('a generation’s cost taken apart', () => {
  it('comes to what compute-cost charges, part by part', () => {
    const pricing: Pricing = { prompt: 3e-6, completion: 15e-6, cacheRead: 0.3e-6, cacheWrite: 3.75e-6, internalReasoning: null, request: 0.0001, discount: 0.1 };
    const record = {
      ...sampleGenerationRecord(),
      tokens_prompt: 10_000,
      native_tokens_cached: 6_000,
      native_tokens_cache_write: 1_000,
      tokens_completion: 800,
      native_tokens_reasoning: 300,
      finish_reason: 'stop',
    };
    const parts = costParts(pricing, record);
    const charged = computeCost(pricing, { promptTokens: 10_000, completionTokens: 800, reasoningTokens: 300, cachedTokens: 6_000, cacheWriteTokens: 1_000 }, 'stop');
    expect(parts.prompt).toBeCloseTo(3_000 * 3e-6, 9);
    expect(parts.cache_read).toBeCloseTo(6_000 * 0.3e-6, 9);
    expect(parts.cache_write).toBeCloseTo(1_000 * 3.75e-6, 9);
    expect(parts.completion + parts.reasoning).toBeCloseTo(800 * 15e-6, 9);
    expect(parts.parts_total).toBeCloseTo(charged.total, 8);
  });
});
