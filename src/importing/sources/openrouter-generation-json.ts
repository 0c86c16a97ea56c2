import type { ImportedGeneration } from '../complete-record.js';
import { booleanValue, numberValue, required, textValue } from './field-values.js';

/**
 * One record of OpenRouter's GET /api/v1/generation ("data" object) as a generation. Its token
 * counts are the native ones — the provider's, which its cost was billed on — as a live record's
 * are; OpenRouter's normalised counts (`tokens_prompt`, `tokens_completion`, its own tokenizer's)
 * stand in only where a native count is missing.
 */
export function fromOpenRouterGeneration(raw: Record<string, unknown>, row: number): ImportedGeneration {
  const number = (field: string) => numberValue(raw[field], field, row);
  const text = (field: string) => textValue(raw[field]);
  const record: ImportedGeneration = {
    created_at: required(text('created_at'), 'created_at', row),
    model: required(text('model'), 'model', row),
    tokens_prompt: number('native_tokens_prompt') ?? number('tokens_prompt') ?? 0,
    tokens_completion: number('native_tokens_completion') ?? number('tokens_completion') ?? 0,
    native_tokens_reasoning: number('native_tokens_reasoning') ?? 0,
    native_tokens_cached: number('native_tokens_cached') ?? 0,
    total_cost: number('total_cost') ?? number('usage') ?? 0,
    cache_discount: number('cache_discount') ?? 0,
    upstream_inference_cost: number('upstream_inference_cost'),
    is_byok: booleanValue(raw.is_byok, 'is_byok', row) ?? false,
    streamed: booleanValue(raw.streamed, 'streamed', row) ?? false,
    cancelled: booleanValue(raw.cancelled, 'cancelled', row) ?? false,
    latency: number('latency') ?? 0,
    generation_time: number('generation_time') ?? 0,
    moderation_latency: number('moderation_latency'),
  };
  const promptNative = number('native_tokens_prompt');
  if (promptNative !== null) record.native_tokens_prompt = promptNative;
  const completionNative = number('native_tokens_completion');
  if (completionNative !== null) record.native_tokens_completion = completionNative;
  const cacheWrite = number('native_tokens_cache_write');
  if (cacheWrite !== null) record.native_tokens_cache_write = cacheWrite;
  const appId = number('app_id');
  if (appId !== null) record.app_id = appId;
  for (const [target, source] of [
    ['id', 'id'],
    ['upstream_id', 'upstream_id'],
    ['provider_name', 'provider_name'],
    ['finish_reason', 'finish_reason'],
    ['native_finish_reason', 'native_finish_reason'],
    ['http_referer', 'origin'],
    ['external_user', 'external_user'],
    ['api_type', 'api_type'],
    ['user_agent', 'user_agent'],
    ['session_id', 'session_id'],
    ['request_id', 'request_id'],
    ['model_permaslug', 'model_permaslug'],
  ] as const) {
    const value = text(source);
    if (value) record[target] = value;
  }
  return record;
}
