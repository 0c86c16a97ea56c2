import type { ReportedUsage } from '../../spec/usage.js';
import { countOrZero } from '../http/upstream-schema.js';
import type { ResponsesUsage } from './openai-responses-api.js';

/** Responses usage → the reported usage (input includes cached; output includes reasoning, as in Chat Completions). */
export function convertResponsesUsage(usage: ResponsesUsage): ReportedUsage {
  return {
    promptTokens: countOrZero(usage.input_tokens),
    completionTokens: countOrZero(usage.output_tokens),
    reasoningTokens: countOrZero(usage.output_tokens_details?.reasoning_tokens),
    cachedTokens: countOrZero(usage.input_tokens_details?.cached_tokens),
    cacheWriteTokens: 0,
    raw: usage,
  };
}
