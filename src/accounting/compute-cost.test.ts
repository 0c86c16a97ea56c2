import { describe, expect, it } from 'vitest';
import { computeCost, maximumCostNano } from './compute-cost.js';
import { parsePricing } from './pricing.js';

// Prices are the catalog's (OpenRouter snapshot of 2026-05-15); the expected figures are worked out by hand.
const gpt4oMini = parsePricing({ prompt: '0.00000015', completion: '0.0000006', input_cache_read: '0.000000075' });
const claudeSonnet45 = parsePricing({ prompt: '0.000003', completion: '0.000015', input_cache_read: '0.0000003', input_cache_write: '0.00000375' });
const gemini25Flash = parsePricing({ prompt: '0.0000003', completion: '0.0000025', internal_reasoning: '0.0000025', input_cache_read: '0.00000003' });

const usage = (fields: Partial<{ promptTokens: number; completionTokens: number; reasoningTokens: number; cachedTokens: number; cacheWriteTokens: number }>) => ({
  promptTokens: 0,
  completionTokens: 0,
  reasoningTokens: 0,
  cachedTokens: 0,
  cacheWriteTokens: 0,
  ...fields,
});

describe('computeCost', () => {
  it('prices a media request by its units (and its prompt tokens, where the model bills them)', () => {
    // gpt-image-1, medium quality: 2 images × $0.042 + 12 prompt tokens × $5/M = 0.084 + 0.00006
    const gptImage = { ...parsePricing({ prompt: '0.000005', completion: '0' }), unit: { unit: 'image' as const, price: 0.042 } };
    const cost = computeCost(gptImage, { ...usage({ promptTokens: 12 }), mediaUnits: 2 }, 'stop');
    expect(cost.totalNano).toBe(84_060_000);
    expect(cost.completion).toBe(0.084);
    // The reservation covers the most units asked for.
    expect(maximumCostNano(gptImage, 12, 0, 4)).toBe(168_060_000);
    // Whisper: 61 seconds × $0.0001 = $0.0061; a failed request is not charged.
    const whisper = { ...parsePricing({ prompt: '0', completion: '0' }), unit: { unit: 'second' as const, price: 0.0001 } };
    expect(computeCost(whisper, { ...usage({}), mediaUnits: 61 }, 'stop').totalNano).toBe(6_100_000);
    expect(computeCost(whisper, { ...usage({}), mediaUnits: 61 }, 'error').totalNano).toBe(0);
  });

  it('prices prompt and completion tokens', () => {
    // 1,000 × $0.15/M + 200 × $0.60/M = $0.00015 + $0.00012 = $0.00027
    const cost = computeCost(gpt4oMini, usage({ promptTokens: 1000, completionTokens: 200 }), 'stop');
    expect(cost.totalNano).toBe(270_000);
    expect(cost.total).toBe(0.00027);
    expect(cost.cacheDiscount).toBe(0);
  });

  it('prices cache reads at input_cache_read and reports the discount', () => {
    // uncached 976 × 0.15e-6 = 0.0001464; cached 1024 × 0.075e-6 = 0.0000768; completion 300 × 0.6e-6 = 0.00018
    const cost = computeCost(gpt4oMini, usage({ promptTokens: 2000, cachedTokens: 1024, completionTokens: 300 }), 'stop');
    expect(cost.totalNano).toBe(403_200);
    // discount: 1024 × (0.15e-6 − 0.075e-6) = 0.0000768
    expect(cost.cacheDiscount).toBeCloseTo(0.0000768, 12);
  });

  it('prices cache writes at input_cache_write, which can make the discount negative', () => {
    // uncached 1,000 × 3e-6 = 0.003; reads 6,000 × 0.3e-6 = 0.0018; writes 3,000 × 3.75e-6 = 0.01125; completion 500 × 15e-6 = 0.0075
    const cost = computeCost(claudeSonnet45, usage({ promptTokens: 10_000, cachedTokens: 6000, cacheWriteTokens: 3000, completionTokens: 500, reasoningTokens: 200 }), 'stop');
    expect(cost.totalNano).toBe(23_550_000);
    // 9,000 × 3e-6 − (0.0018 + 0.01125) = 0.01395
    expect(cost.cacheDiscount).toBeCloseTo(0.01395, 12);
    const writesOnly = computeCost(claudeSonnet45, usage({ promptTokens: 4000, cacheWriteTokens: 4000, completionTokens: 1 }), 'stop');
    // 4,000 × (3e-6 − 3.75e-6) = −0.003
    expect(writesOnly.cacheDiscount).toBeCloseTo(-0.003, 12);
  });

  it('bills reasoning tokens as completion tokens, or at internal_reasoning when the endpoint prices them apart', () => {
    // Gemini: 1,000 × 0.3e-6 + (200 + 600) × 2.5e-6 = 0.0003 + 0.002
    expect(computeCost(gemini25Flash, usage({ promptTokens: 1000, completionTokens: 800, reasoningTokens: 600 }), 'stop').totalNano).toBe(2_300_000);
    const separate = parsePricing({ prompt: '0', completion: '0.000001', internal_reasoning: '0.000004' });
    // 40 × 1e-6 + 60 × 4e-6 = 0.00028
    expect(computeCost(separate, usage({ completionTokens: 100, reasoningTokens: 60 }), 'stop').totalNano).toBe(280_000);
  });

  it('adds the per-request price and applies the discount', () => {
    const pricing = parsePricing({ prompt: '0.000001', completion: '0.000002', request: '0.005', discount: 0.1 });
    // (100 × 1e-6 + 50 × 2e-6 + 0.005) × 0.9 = 0.0052 × 0.9 = 0.00468
    expect(computeCost(pricing, usage({ promptTokens: 100, completionTokens: 50 }), 'stop').totalNano).toBe(4_680_000);
  });

  it('charges nothing under Zero Completion Insurance', () => {
    expect(computeCost(gpt4oMini, usage({ promptTokens: 5000, completionTokens: 40 }), 'error')).toMatchObject({ totalNano: 0, waived: true });
    expect(computeCost(gpt4oMini, usage({ promptTokens: 5000, completionTokens: 0 }), null)).toMatchObject({ totalNano: 0, waived: true });
    // A cancelled stream that delivered tokens pays for them.
    expect(computeCost(gpt4oMini, usage({ promptTokens: 1000, completionTokens: 10 }), null).totalNano).toBe(156_000);
    // A normal finish with an empty answer still pays for the prompt.
    expect(computeCost(gpt4oMini, usage({ promptTokens: 1000 }), 'stop').totalNano).toBe(150_000);
  });
});

describe('maximumCostNano', () => {
  it('assumes the dearer of prompt and cache-write prices, and of completion and reasoning prices', () => {
    // 100 × 3.75e-6 + 1,000 × 15e-6 = 0.000375 + 0.015
    expect(maximumCostNano(claudeSonnet45, 100, 1000)).toBe(15_375_000);
  });
});
