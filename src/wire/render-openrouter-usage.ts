import type { BilledUsage } from './wire-format.js';

/** OpenRouter's usage object: token counts with cache and reasoning details, cost in USD, BYOK flag. */
export function renderUsage({ usage, cost, isByok }: BilledUsage): Record<string, unknown> {
  return {
    prompt_tokens: usage.promptTokens,
    completion_tokens: usage.completionTokens,
    total_tokens: usage.promptTokens + usage.completionTokens,
    cost: cost.total,
    is_byok: isByok,
    prompt_tokens_details: { cached_tokens: usage.cachedTokens, cache_write_tokens: usage.cacheWriteTokens, audio_tokens: 0, video_tokens: 0 },
    cost_details: {
      upstream_inference_cost: isByok ? cost.total : null,
      upstream_inference_prompt_cost: cost.prompt,
      upstream_inference_completions_cost: cost.completion,
    },
    completion_tokens_details: { reasoning_tokens: usage.reasoningTokens, image_tokens: 0, audio_tokens: 0 },
  };
}
